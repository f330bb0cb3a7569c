package remediate

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// Edit kinds of the Kubernetes consumers.
const (
	// EditK8sSecretKeyRef replaces a workload's env `value: LITERAL` with
	// `valueFrom: {secretKeyRef: {name, key}}`, reading a Secret that an
	// ExternalSecret appended to the same file syncs from the store.
	EditK8sSecretKeyRef = "k8s-secret-key-ref"
	// EditK8sDependentVar replaces a secret inside a larger env value or
	// a command or args item with $(VAR), Kubernetes' dependent
	// variable expansion, and adds VAR (a secretKeyRef) to the
	// container's env before its first use.
	EditK8sDependentVar = "k8s-dependent-var"
	// EditK8sExternalSecret moves a value of a kind: Secret manifest
	// (data, decoded from base64, or stringData): the Secret document
	// becomes an ExternalSecret with the same target name.
	EditK8sExternalSecret = "k8s-external-secret"

	// Aux edits: the ExternalSecret documents appended to a workload
	// file, and the rest of a Secret document that becomes an
	// ExternalSecret.
	auxK8sAppend = "k8s-append-external-secret"
	auxK8sEnvVar = "k8s-env-var"
	auxK8sRest   = "k8s-secret-rest"
)

// Consumer options (Plan.ConsumerOptions) of the Kubernetes consumers.
const (
	OptK8sStore     = "k8s-store"
	OptK8sStoreKind = "k8s-store-kind"
	// DefaultK8sStore names the External Secrets store the written
	// ExternalSecrets read from unless --k8s-store says otherwise.
	DefaultK8sStore = "secretlint"
	// esAPIVersion is the External Secrets Operator API written.
	esAPIVersion = "external-secrets.io/v1"
)

// ErrK8sStore: --k8s-store or --k8s-store-kind is not valid.
var ErrK8sStore = errors.New("invalid External Secrets store")

var dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

// setK8sStore records the External Secrets store (--k8s-store,
// --k8s-store-kind).
func (o *planEnv) setK8sStore(name, kind string) error {
	name, kind = cmp.Or(name, DefaultK8sStore), cmp.Or(kind, "SecretStore")
	if kind != "SecretStore" && kind != "ClusterSecretStore" {
		return fmt.Errorf("%w: --k8s-store-kind %q: want SecretStore or ClusterSecretStore", ErrK8sStore, kind)
	}
	if len(name) > 253 || !dnsSubdomain.MatchString(name) {
		return fmt.Errorf("%w: --k8s-store %q is not a Kubernetes object name", ErrK8sStore, name)
	}
	o.opts = map[string]string{OptK8sStore: name, OptK8sStoreKind: kind}
	return nil
}

// usesOpts reports whether a consumer's edits depend on the plan's
// consumer options.
func usesOpts(consumer string) bool {
	return consumer == k8sConsumer{}.name() || consumer == kustomizeConsumer{}.name()
}

// esStoreNeeds says what store the written ExternalSecrets read from.
func esStoreNeeds(o *planEnv) string {
	store, kind := o.opts[OptK8sStore], o.opts[OptK8sStoreKind]
	backend := "AWS Secrets Manager (provider aws, service SecretsManager)"
	if o.backend == "vault" {
		mount := cmp.Or(o.mount, "secret")
		backend = "Vault KV version 2 (provider vault, path: " + mount + ", version: v2)"
	}
	where := "in the namespace of each manifest"
	if kind == "ClusterSecretStore" {
		where = "in the cluster"
	}
	return "External Secrets Operator (" + esAPIVersion + ") must run in the cluster, with a " + kind + " named " + store + " " +
		where + " that reads " + backend + " (--k8s-store, --k8s-store-kind name another)"
}

// k8sConsumer is Kubernetes reading manifests: a workload's env value
// becomes a secretKeyRef to a Secret that an External Secrets Operator
// ExternalSecret, appended to the same file, syncs from the store; a
// kind: Secret document becomes that ExternalSecret itself (same target
// name), so that nothing else changes and no GitOps tool fights the
// operator over the Secret.
type k8sConsumer struct{}

func (k8sConsumer) name() string { return "kubernetes" }

func (k8sConsumer) claims(f *finding.Finding, o *planEnv) bool {
	return o.refs != RefsVals && isYAMLFile(f) && f.Meta["format"] == "k8s"
}

func (k8sConsumer) needs(o *planEnv) string {
	return esStoreNeeds(o) + ". Workload env values now read a Secret that an ExternalSecret appended to the same file creates " +
		"(a secret inside a larger value or in command/args is $(VAR), with VAR a new env entry the container also sees); " +
		"a kind: Secret document became an ExternalSecret that creates the Secret of the same name"
}

// envValuePath matches the key path of a container's env value.
var envValuePath = regexp.MustCompile(`(^|\.)(containers|initContainers|ephemeralContainers)\[[^\]]*\]\.env\[[^\]]*\]\.value$`)

// containerArgPath matches the key path of a container's command or
// args item.
var containerArgPath = regexp.MustCompile(`(^|\.)(containers|initContainers|ephemeralContainers)\[[^\]]*\]\.(command|args)\[\d+\]$`)

func (k8sConsumer) prepare(f *finding.Finding, o *planEnv) (string, string, string) {
	if k, ok := o.kustomizePatchFiles()[f.File]; ok {
		return "", StatusNotRewritable, "the file is a kustomize patch (" + k + "): an ExternalSecret added to it would be one more patch; " +
			"move the value in the resource it patches, or by hand"
	}
	switch {
	case f.RuleID == "kubernetes-secret-data" || f.Encoding == "base64" ||
		strings.HasPrefix(f.KeyPath, "data.") || strings.HasPrefix(f.KeyPath, "stringData."):
		return EditK8sExternalSecret, "", ""
	case envValuePath.MatchString(f.KeyPath):
		return EditK8sSecretKeyRef, "", "" // or EditK8sDependentVar for a part of the value, decided by analyse
	case containerArgPath.MatchString(f.KeyPath):
		return EditK8sDependentVar, "", ""
	}
	return "", StatusNotRewritable, "only a container's env value and a Secret's data are rewritten in Kubernetes manifests " +
		"(Kubernetes would take a reference text here for the secret itself); move this value by hand"
}

func (k8sConsumer) envVar(*finding.Finding, string, binding) string { return "" }

func (k8sConsumer) shape(_ string, b binding) editRequest {
	// The text written is the consumer's own (see analyse); replace only
	// says that the value has a destination.
	return editRequest{replace: b.ref}
}

// esRemoteRef is where ESO's providers read a value: AWS Secrets
// Manager's secret (key) and JSON key (property), or a Vault KV v2
// secret's path below the mount (key) and field (property).
type esRemoteRef struct {
	Key      string `yaml:"key"`
	Property string `yaml:"property"`
}

type esData struct {
	SecretKey string      `yaml:"secretKey"`
	RemoteRef esRemoteRef `yaml:"remoteRef"`
}

type esMeta struct {
	Name        string            `yaml:"name"`
	Namespace   string            `yaml:"namespace,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

type esTemplateMeta struct {
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

type esTemplate struct {
	Type        string          `yaml:"type,omitempty"`
	Metadata    *esTemplateMeta `yaml:"metadata,omitempty"`
	MergePolicy string          `yaml:"mergePolicy,omitempty"`
	Data        yaml.Node       `yaml:"data,omitempty"`
}

type esTarget struct {
	Name           string      `yaml:"name"`
	CreationPolicy string      `yaml:"creationPolicy"`
	Immutable      bool        `yaml:"immutable,omitempty"`
	Template       *esTemplate `yaml:"template,omitempty"`
}

type esStoreRef struct {
	Name string `yaml:"name"`
	Kind string `yaml:"kind"`
}

type esSpec struct {
	RefreshInterval string     `yaml:"refreshInterval"`
	SecretStoreRef  esStoreRef `yaml:"secretStoreRef"`
	Target          esTarget   `yaml:"target"`
	Data            []esData   `yaml:"data"`
}

// externalSecret is an ExternalSecret manifest as written.
type externalSecret struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   esMeta `yaml:"metadata"`
	Spec       esSpec `yaml:"spec"`
}

func newExternalSecret(name, namespace, target string, opts map[string]string) *externalSecret {
	return &externalSecret{
		APIVersion: esAPIVersion, Kind: "ExternalSecret",
		Metadata: esMeta{Name: name, Namespace: namespace},
		Spec: esSpec{
			RefreshInterval: "1h",
			SecretStoreRef:  esStoreRef{Name: cmp.Or(opts[OptK8sStore], DefaultK8sStore), Kind: cmp.Or(opts[OptK8sStoreKind], "SecretStore")},
			Target:          esTarget{Name: target, CreationPolicy: "Owner"},
		},
	}
}

// add adds a data entry unless secretKey is there already.
func (es *externalSecret) add(secretKey string, d binding) {
	for _, e := range es.Spec.Data {
		if e.SecretKey == secretKey {
			return
		}
	}
	es.Spec.Data = append(es.Spec.Data, esData{SecretKey: secretKey, RemoteRef: esRemoteRef{Key: d.secret, Property: d.key}})
}

// render writes the manifest as a YAML document (without "---").
func (es *externalSecret) render() (string, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(es); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// workloadKinds are the kinds whose pod template's containers read env.
var workloadKinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "Job": true, "CronJob": true, "Pod": true,
	"ReplicaSet": true, "ReplicationController": true,
}

// yamlDoc is one document of a file with its byte region.
type yamlDoc struct {
	node       *yaml.Node // the document's root (a mapping for a manifest)
	start, end int        // the document's bytes, without its "---" line
}

// docSeparator matches a document start or end marker line.
var docSeparator = regexp.MustCompile(`(?m)^(---|\.\.\.)([ \t].*)?\r?$`)

// yamlDocs pairs the parsed documents with their byte regions.
func yamlDocs(content []byte, docs []*yaml.Node) []yamlDoc {
	var bounds [][2]int // regions between separators
	last := 0
	for _, m := range docSeparator.FindAllIndex(content, -1) {
		bounds = append(bounds, [2]int{last, m[0]})
		last = m[1]
		if last < len(content) && content[last] == '\n' {
			last++
		}
	}
	bounds = append(bounds, [2]int{last, len(content)})
	starts := lineStarts(content)
	var out []yamlDoc
	for _, d := range docs {
		if d.Kind != yaml.DocumentNode || len(d.Content) == 0 {
			continue
		}
		root := d.Content[0]
		off := byteOffset(content, starts, root.Line, root.Column)
		for _, b := range bounds {
			if off >= b[0] && off < b[1] {
				out = append(out, yamlDoc{node: root, start: b[0], end: b[1]})
				break
			}
		}
	}
	return out
}

// pathTo returns the nodes from n down to target (both included), or nil.
func pathTo(n, target *yaml.Node) []*yaml.Node {
	if n == target {
		return []*yaml.Node{n}
	}
	if n.Kind == yaml.AliasNode {
		return nil
	}
	for _, c := range n.Content {
		if p := pathTo(c, target); p != nil {
			return append([]*yaml.Node{n}, p...)
		}
	}
	return nil
}

// mapValue returns the value of key k in mapping m and its index.
func mapValue(m *yaml.Node, k string) (*yaml.Node, int) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, -1
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == k {
			return m.Content[i+1], i + 1
		}
	}
	return nil, -1
}

func mapScalar(m *yaml.Node, k string) string {
	if v, _ := mapValue(m, k); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// keyOf returns the key under which child sits in mapping parent.
func keyOf(parent, child *yaml.Node) string {
	if parent.Kind != yaml.MappingNode {
		return ""
	}
	for i := 1; i < len(parent.Content); i += 2 {
		if parent.Content[i] == child {
			return parent.Content[i-1].Value
		}
	}
	return ""
}

// stringMap decodes a mapping of strings (labels, annotations).
func stringMap(n *yaml.Node) (map[string]string, error) {
	if n == nil {
		return nil, nil
	}
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		return nil, errors.New("labels or annotations are not a mapping of strings")
	}
	return m, nil
}

// k8sKey turns a name into a valid Secret data key.
func k8sKey(s string) string {
	out := strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
	if strings.Trim(out, ".") == "" {
		return ""
	}
	return out
}

// plainYAML writes s as a YAML scalar: plain where that reads back as the
// same string, quoted otherwise.
func plainYAML(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return `""`
	}
	return strings.TrimSuffix(string(b), "\n")
}

// k8sFile is the analysis of one manifest file.
type k8sFile struct {
	content  []byte
	docs     []*yaml.Node
	ydocs    []yamlDoc
	byOffset map[int]scalarInfo
	keyAt    map[*yaml.Node]int // offsets of mapping keys
	rejected map[*editRequest]string
}

func (k *k8sFile) docOf(off int) *yamlDoc {
	for i := range k.ydocs {
		if off >= k.ydocs[i].start && off < k.ydocs[i].end {
			return &k.ydocs[i]
		}
	}
	return nil
}

func (k8sConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	k := &k8sFile{content: content, rejected: map[*editRequest]string{}}
	docs, err := parseYAML(content)
	if err != nil {
		for _, r := range reqs {
			k.rejected[r] = err.Error()
		}
		return nil, k.rejected, content
	}
	k.docs, k.ydocs = docs, yamlDocs(content, docs)
	k.byOffset, k.keyAt = map[int]scalarInfo{}, map[*yaml.Node]int{}
	for _, si := range scalars(content, docs) {
		if si.offset < 0 {
			continue
		}
		k.byOffset[si.offset] = si
		if si.isKey {
			k.keyAt[si.node] = si.offset
		}
	}
	// Requests per document, in document order.
	byDoc := map[*yamlDoc][]*editRequest{}
	var order []*yamlDoc
	for _, r := range reqs {
		d := k.docOf(r.offset)
		if d == nil {
			k.rejected[r] = "no YAML document at the finding's position"
			continue
		}
		if _, ok := byDoc[d]; !ok {
			order = append(order, d)
		}
		byDoc[d] = append(byDoc[d], r)
	}
	var edits []*yamlEdit
	var appended []*externalSecret
	expect := map[*yaml.Node]any{} // document root -> its expected meaning after the rewrite
	targets := map[string]bool{}
	for _, d := range order {
		rs := byDoc[d]
		kind := mapScalar(d.node, "kind")
		switch {
		case kind == "Secret" && mapScalar(d.node, "apiVersion") == "v1":
			es, want, err := k.secretDoc(d, rs)
			if err != nil {
				for _, r := range rs {
					k.rejected[r] = err.Error()
				}
				continue
			}
			edits = append(edits, es...)
			expect[d.node] = want
		case workloadKinds[kind]:
			es, want, ext := k.workloadDoc(d, rs, targets)
			if len(es) == 0 {
				continue
			}
			edits = append(edits, es...)
			expect[d.node] = want
			appended = append(appended, ext)
		default:
			for _, r := range rs {
				k.rejected[r] = "the value is not in a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet) or a v1 Secret"
			}
		}
	}
	if len(appended) > 0 {
		var text strings.Builder
		if len(content) > 0 && content[len(content)-1] != '\n' {
			text.WriteByte('\n')
		}
		for _, es := range appended {
			doc, err := es.render()
			if err != nil {
				return k.rejectAll(reqs, "could not write the ExternalSecret: "+err.Error())
			}
			text.WriteString("---\n")
			text.WriteString(doc)
		}
		edits = append(edits, &yamlEdit{aux: true, kind: auxK8sAppend, Offset: len(content), End: len(content), Replacement: text.String()})
	}
	if len(edits) == 0 {
		return nil, k.rejected, content
	}
	slices.SortStableFunc(edits, func(a, b *yamlEdit) int { return cmp.Or(a.Offset-b.Offset, a.End-b.End) })
	after := applyYAMLEdits(content, edits)
	if err := k.check(after, expect, appended); err != nil {
		return k.rejectAll(reqs, err.Error())
	}
	return edits, k.rejected, after
}

func (k *k8sFile) rejectAll(reqs []*editRequest, reason string) ([]*yamlEdit, map[*editRequest]string, []byte) {
	for _, r := range reqs {
		if _, ok := k.rejected[r]; !ok {
			k.rejected[r] = reason
		}
	}
	return nil, k.rejected, k.content
}

// check re-parses the rewritten file: every document that was not
// rewritten means what it meant, each rewritten one means what it was
// expected to, and the appended ExternalSecrets follow.
func (k *k8sFile) check(after []byte, expect map[*yaml.Node]any, appended []*externalSecret) error {
	newDocs, err := parseYAML(after)
	if err != nil {
		return errors.New("the rewritten file would not be valid YAML")
	}
	var old []*yaml.Node
	for _, d := range k.docs {
		if d.Kind == yaml.DocumentNode && len(d.Content) > 0 {
			old = append(old, d)
		}
	}
	var got []*yaml.Node
	for _, d := range newDocs {
		if d.Kind == yaml.DocumentNode && len(d.Content) > 0 {
			got = append(got, d)
		}
	}
	if len(got) != len(old)+len(appended) {
		return errors.New("the rewrite would change the number of YAML documents")
	}
	for i, d := range old {
		want, ok := expect[d.Content[0]]
		if !ok {
			if err := d.Decode(&want); err != nil {
				return errors.New("a document does not decode")
			}
		}
		var have any
		if err := got[i].Decode(&have); err != nil || !reflect.DeepEqual(want, have) {
			return fmt.Errorf("the rewritten document at line %d would not read back as intended", d.Content[0].Line)
		}
	}
	for i, es := range appended {
		var have any
		if err := got[len(old)+i].Decode(&have); err != nil || !reflect.DeepEqual(meaning(es), have) {
			return errors.New("an appended ExternalSecret would not read back as written")
		}
	}
	return nil
}

// meaning returns v as YAML reads it back (maps, slices, scalars).
func meaning(v any) any {
	b, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	var out any
	if err := yaml.Unmarshal(b, &out); err != nil {
		return err
	}
	return out
}

// wholeSpelling returns the spelling of the scalar n at [r.offset, r.end)
// holding the value r.value (written as enc).
func wholeSpelling(content []byte, n *yaml.Node, r *editRequest, enc string) (Spelling, error) {
	span := string(content[r.offset:r.end])
	probe := &editRequest{offset: r.offset, end: r.end, value: n.Value, replace: "x"}
	e, err := planWhole(n, span, probe)
	if err != nil {
		return Spelling{}, err
	}
	sp := e.Spelling
	sp.Encoding = enc
	if sp.Spell(r.value) != span {
		return Spelling{}, errSpelling
	}
	return sp, nil
}

// scalarAt returns the value scalar a request's span starts at.
func (k *k8sFile) scalarAt(r *editRequest) (*yaml.Node, error) {
	si, ok := k.byOffset[r.offset]
	if !ok || si.isKey {
		return nil, errPartial
	}
	return si.node, nil
}

// workloadDoc plans the env edits of one workload document and the
// ExternalSecret that serves them. targets holds the Secret names taken
// in this file.
func (k *k8sFile) workloadDoc(d *yamlDoc, rs []*editRequest, targets map[string]bool) ([]*yamlEdit, any, *externalSecret) {
	name := mapScalar(mustMap(mapValue(d.node, "metadata")), "name")
	ns := mapScalar(mustMap(mapValue(d.node, "metadata")), "namespace")
	kind := mapScalar(d.node, "kind")
	if name == "" || !dnsSubdomain.MatchString(name) {
		for _, r := range rs {
			k.rejected[r] = "the workload has no metadata.name to name its Secret after"
		}
		return nil, nil, nil
	}
	target := name + "-secretlint"
	if targets[ns+"/"+target] {
		target = name + "-" + strings.ToLower(kind) + "-secretlint"
	}
	targets[ns+"/"+target] = true
	es := newExternalSecret(target, ns, target, k.opts(rs))
	keys := map[string]string{} // Secret key -> secret#key
	// The expected meaning: a fresh parse of the document, edited.
	fresh, err := parseYAML(k.content)
	if err != nil {
		return nil, nil, nil
	}
	freshRoot := matchingRoot(k.docs, fresh, d.node)
	var edits []*yamlEdit
	var inserts []*k8sInsert
	for _, r := range rs {
		var e *yamlEdit
		var err error
		if si, ok := k.byOffset[r.offset]; ok && !si.isKey && si.node.Value == r.value && k.isEnvValue(d, si.node) {
			e, err = k.envEdit(d, r, es, keys, freshRoot)
		} else {
			var in *k8sInsert
			e, in, err = k.dependentVar(d, r, es, keys, freshRoot, inserts)
			if err == nil {
				inserts = append(inserts, in)
			}
		}
		if err != nil {
			k.rejected[r] = err.Error()
			continue
		}
		edits = append(edits, e)
	}
	if len(edits) == 0 {
		return nil, nil, nil
	}
	// The new env entries: one aux edit per place, the tree's lists
	// grown the same way.
	var at []int
	text := map[int]string{}
	for _, in := range inserts {
		if _, ok := text[in.at]; !ok {
			at = append(at, in.at)
		}
		text[in.at] += in.text
		i := slices.Index(in.list.Content, in.before)
		in.list.Content = slices.Insert(in.list.Content, i, in.item)
	}
	for _, a := range at {
		edits = append(edits, &yamlEdit{aux: true, kind: auxK8sEnvVar, Offset: a, End: a, Replacement: text[a]})
	}
	var want any
	if err := freshRoot.Decode(&want); err != nil {
		return nil, nil, nil
	}
	return edits, want, es
}

func mustMap(n *yaml.Node, _ int) *yaml.Node { return n }

// matchingRoot returns, in fresh (a second parse of the same content),
// the root node that corresponds to root in docs.
func matchingRoot(docs, fresh []*yaml.Node, root *yaml.Node) *yaml.Node {
	for i, d := range docs {
		if len(d.Content) > 0 && d.Content[0] == root && i < len(fresh) && len(fresh[i].Content) > 0 {
			return fresh[i].Content[0]
		}
	}
	return nil
}

// sameNodeIn returns the node of other at the position n has in root.
func sameNodeIn(root, other, n *yaml.Node) *yaml.Node {
	p := pathTo(root, n)
	if p == nil || other == nil {
		return nil
	}
	cur := other
	for i := 1; i < len(p); i++ {
		idx := slices.Index(p[i-1].Content, p[i])
		if idx < 0 || idx >= len(cur.Content) {
			return nil
		}
		cur = cur.Content[idx]
	}
	return cur
}

func (k *k8sFile) opts(rs []*editRequest) map[string]string {
	if len(rs) > 0 {
		return rs[0].dest.opts
	}
	return nil
}

// isEnvValue reports whether n is the value of a container's env entry.
func (k *k8sFile) isEnvValue(d *yamlDoc, n *yaml.Node) bool {
	p := pathTo(d.node, n)
	if len(p) < 6 {
		return false
	}
	entry, list, ctr := p[len(p)-2], p[len(p)-3], p[len(p)-4]
	return entry.Kind == yaml.MappingNode && keyOf(entry, n) == "value" && list.Kind == yaml.SequenceNode && keyOf(ctr, list) == "env"
}

// k8sInsert is an env entry added before an item of a container's env
// list (in the fresh tree that says what the file must mean).
type k8sInsert struct {
	at                 int // the byte offset of the line it goes before
	text               string
	list, before, item *yaml.Node
	name               string
}

// dependentVar plans a secret inside a larger env value, or in a command
// or args item: the secret's bytes become $(VAR), and VAR, a new env
// entry reading the ExternalSecret's Secret, goes before the entry that
// uses it (or first in env, for command and args). Kubernetes expands
// $(VAR) from the variables defined before it in the container.
func (k *k8sFile) dependentVar(d *yamlDoc, r *editRequest, es *externalSecret, keys map[string]string, freshRoot *yaml.Node, prior []*k8sInsert) (*yamlEdit, *k8sInsert, error) {
	var n *yaml.Node
	best := -1
	for off, si := range k.byOffset {
		if !si.isKey && off <= r.offset && off > best {
			best, n = off, si.node
		}
	}
	if n == nil {
		return nil, nil, errors.New("no YAML value at the finding's position")
	}
	p := pathTo(d.node, n)
	if len(p) < 4 {
		return nil, nil, errors.New("the value is not in a container's env, command or args")
	}
	var list, before *yaml.Node
	var base string
	switch {
	case k.isEnvValue(d, n):
		entry := p[len(p)-2]
		list, before = p[len(p)-3], entry
		base = envVarName(mapScalar(entry, "name"))
		if i := strings.Index(n.Value, r.value); i > 0 && n.Value[i-1] == ':' && strings.HasPrefix(n.Value[i+len(r.value):], "@") {
			base += "_PASSWORD"
		} else {
			base += "_SECRET"
		}
	case p[len(p)-2].Kind == yaml.SequenceNode && (keyOf(p[len(p)-3], p[len(p)-2]) == "command" || keyOf(p[len(p)-3], p[len(p)-2]) == "args"):
		seq := p[len(p)-2]
		list, _ = mapValue(p[len(p)-3], "env")
		if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
			return nil, nil, errors.New("the container has no env list to carry the secret as $(VAR); move it by hand")
		}
		before = list.Content[0]
		if flag, _, ok := strings.Cut(n.Value, "="); ok && strings.HasPrefix(flag, "-") && strings.HasSuffix(n.Value, "="+r.value) {
			base = envVarName(strings.TrimLeft(flag, "-"))
		} else if i := slices.Index(seq.Content, n); i > 0 && strings.HasPrefix(seq.Content[i-1].Value, "-") && n.Value == r.value {
			base = envVarName(strings.TrimLeft(seq.Content[i-1].Value, "-"))
		}
		if base == "" {
			base = "SECRETLINT_ARG"
		}
	default:
		return nil, nil, errors.New("the secret is part of a larger value that Kubernetes does not expand; move it by hand")
	}
	if list.Style&yaml.FlowStyle != 0 || before.Kind != yaml.MappingNode || len(before.Content) == 0 {
		return nil, nil, errors.New("the container's env is not a block list; move the value by hand")
	}
	if strings.Contains(r.value, "$") || strings.Count(n.Value, r.value) != 1 {
		return nil, nil, errors.New("the secret holds $ or occurs twice in its value; move it by hand")
	}
	vs, ve, ok := valueBounds(k.content, r)
	if !ok || string(k.content[vs:ve]) != r.value || strings.ContainsAny(r.value, "'\"\\\n") {
		return nil, nil, errSpelling
	}
	if _, ok := decodeFragment(r.value, n.Style); !ok || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, nil, errSpelling
	}
	// The variable: a name no env entry of the container has.
	taken := map[string]bool{}
	for _, it := range list.Content {
		taken[mapScalar(it, "name")] = true
	}
	for _, in := range prior {
		if in.list == sameNodeIn(d.node, freshRoot, list) {
			taken[in.name] = true
		}
	}
	name := base
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	key := k8sKey(name)
	dest := r.dest.secret + "#" + r.dest.key
	for i, b := 2, key; keys[key] != "" && keys[key] != dest; i++ {
		key = fmt.Sprintf("%s-%d", b, i)
	}
	keys[key] = dest
	// The entry's text, in the list's layout.
	ko, ok := k.keyAt[before.Content[0]]
	if !ok {
		return nil, nil, errSpelling
	}
	ls := bytes.LastIndexByte(k.content[:ko], '\n') + 1
	lead := string(k.content[ls:ko])
	dash := strings.TrimLeft(lead, " ")
	indent := lead[:len(lead)-len(dash)]
	target := plainYAML(es.Spec.Target.Name)
	var text string
	switch {
	case before.Style&yaml.FlowStyle != 0 && strings.HasPrefix(dash, "- {"):
		text = indent + "- {name: " + plainYAML(name) + ", valueFrom: {secretKeyRef: {name: " + target + ", key: " + plainYAML(key) + "}}}\n"
	case strings.TrimRight(dash, " ") == "-" && len(dash) > 1:
		col := strings.Repeat(" ", utf8.RuneCountInString(lead))
		text = indent + dash + "name: " + plainYAML(name) + "\n" + col + "valueFrom:\n" + col + "  secretKeyRef:\n" +
			col + "    name: " + target + "\n" + col + "    key: " + plainYAML(key) + "\n"
	default:
		return nil, nil, errors.New("could not follow the layout of the container's env list")
	}
	repl := "$(" + name + ")"
	fn, fl, fb := sameNodeIn(d.node, freshRoot, n), sameNodeIn(d.node, freshRoot, list), sameNodeIn(d.node, freshRoot, before)
	if fn == nil || fl == nil || fb == nil {
		return nil, nil, errors.New("could not follow the container")
	}
	fn.Value = strings.Replace(fn.Value, r.value, repl, 1)
	item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "name"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: name},
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "valueFrom"}, secretKeyRefNode(es.Spec.Target.Name, key),
	}}
	es.add(key, r.dest)
	e := &yamlEdit{req: r, Offset: vs, End: ve, Replacement: repl, node: n}
	return e, &k8sInsert{at: ls, text: text, list: fl, before: fb, item: item, name: name}, nil
}

// secretKeyRefNode is {secretKeyRef: {name, key}}.
func secretKeyRefNode(name, key string) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "secretKeyRef"},
		{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "name"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: name},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "key"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		}},
	}}
}

// envEdit plans `value: LITERAL` → `valueFrom: {secretKeyRef: …}`.
func (k *k8sFile) envEdit(d *yamlDoc, r *editRequest, es *externalSecret, keys map[string]string, freshRoot *yaml.Node) (*yamlEdit, error) {
	n, err := k.scalarAt(r)
	if err != nil {
		if r.offset >= 0 && r.offset < len(k.content) {
			return nil, errors.New("the secret is part of a larger env value; Kubernetes would need $(VAR) expansion, move it by hand")
		}
		return nil, err
	}
	if n.Value != r.value {
		return nil, errors.New("the secret is part of a larger env value; move it by hand")
	}
	p := pathTo(d.node, n)
	if len(p) < 6 {
		return nil, errors.New("the value is not a container's env value")
	}
	entry, list, ctr, ctrs := p[len(p)-2], p[len(p)-3], p[len(p)-4], p[len(p)-5]
	parent := p[len(p)-6]
	if entry.Kind != yaml.MappingNode || keyOf(entry, n) != "value" || list.Kind != yaml.SequenceNode || keyOf(ctr, list) != "env" ||
		ctrs.Kind != yaml.SequenceNode || !slices.Contains([]string{"containers", "initContainers", "ephemeralContainers"}, keyOf(parent, ctrs)) {
		return nil, errors.New("the value is not a container's env value")
	}
	if v, _ := mapValue(entry, "valueFrom"); v != nil {
		return nil, errors.New("the env entry has both value and valueFrom")
	}
	envName := mapScalar(entry, "name")
	key := k8sKey(envName)
	if key == "" {
		return nil, errors.New("the env entry has no name to key its Secret entry by")
	}
	dest := r.dest.secret + "#" + r.dest.key
	for i, base := 2, key; keys[key] != "" && keys[key] != dest; i++ {
		key = fmt.Sprintf("%s-%d", base, i)
	}
	keys[key] = dest
	_, vi := mapValue(entry, "value")
	keyNode := entry.Content[vi-1]
	keyOff, ok := k.keyAt[keyNode]
	if !ok {
		return nil, errSpelling
	}
	sp, err := wholeSpelling(k.content, n, r, "")
	if err != nil {
		return nil, err
	}
	ls := bytes.LastIndexByte(k.content[:keyOff], '\n') + 1
	var repl string
	if entry.Style&yaml.FlowStyle != 0 {
		repl = "valueFrom: {secretKeyRef: {name: " + plainYAML(es.Spec.Target.Name) + ", key: " + plainYAML(key) + "}}"
	} else {
		ind := strings.Repeat(" ", utf8.RuneCount(k.content[ls:keyOff]))
		repl = "valueFrom:\n" + ind + "  secretKeyRef:\n" + ind + "    name: " + plainYAML(es.Spec.Target.Name) + "\n" + ind + "    key: " + plainYAML(key)
		if sp.Block != "" {
			repl += trailingSpace(string(k.content[r.offset:r.end]))
		}
	}
	sp.Prefix = string(k.content[keyOff:r.offset]) + sp.Prefix
	es.add(key, r.dest)
	// The meaning it must have: the fresh tree's entry, edited.
	fe := sameNodeIn(d.node, freshRoot, entry)
	if fe == nil {
		return nil, errors.New("could not follow the env entry")
	}
	fe.Content[vi-1].Value = "valueFrom"
	fe.Content[vi] = secretKeyRefNode(es.Spec.Target.Name, key)
	return &yamlEdit{req: r, Offset: keyOff, End: r.end, Replacement: repl, Spelling: sp, node: n}, nil
}

// secretRootKeys are the fields of a v1 Secret that an ExternalSecret
// carries over; metadata keys beyond esMetaKeys are set by the API server.
var (
	secretRootKeys = []string{"apiVersion", "kind", "metadata", "type", "data", "stringData", "immutable"}
	esMetaKeys     = []string{"name", "namespace", "labels", "annotations"}
	serverMetaKeys = []string{"creationTimestamp", "resourceVersion", "uid", "selfLink", "managedFields", "generation"}
)

// secretDoc plans the conversion of a kind: Secret document into an
// ExternalSecret: every moved value's edit covers the bytes since the
// previous one, the first writes the new document, and an aux edit takes
// the rest of the Secret.
func (k *k8sFile) secretDoc(d *yamlDoc, rs []*editRequest) ([]*yamlEdit, any, error) {
	root := d.node
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return nil, nil, errors.New("the Secret is not a block mapping")
	}
	for i := 0; i < len(root.Content); i += 2 {
		if !slices.Contains(secretRootKeys, root.Content[i].Value) {
			return nil, nil, fmt.Errorf("the Secret has a field %q that an ExternalSecret cannot carry; convert it by hand", root.Content[i].Value)
		}
	}
	meta, _ := mapValue(root, "metadata")
	if meta == nil || meta.Kind != yaml.MappingNode {
		return nil, nil, errors.New("the Secret has no metadata")
	}
	for i := 0; i < len(meta.Content); i += 2 {
		if mk := meta.Content[i].Value; !slices.Contains(esMetaKeys, mk) && !slices.Contains(serverMetaKeys, mk) {
			return nil, nil, fmt.Errorf("the Secret's metadata has %q, which an ExternalSecret cannot carry; convert it by hand", mk)
		}
	}
	name, ns := mapScalar(meta, "name"), mapScalar(meta, "namespace")
	if name == "" {
		return nil, nil, errors.New("the Secret has no metadata.name")
	}
	labelsN, _ := mapValue(meta, "labels")
	annN, _ := mapValue(meta, "annotations")
	labels, err := stringMap(labelsN)
	if err != nil {
		return nil, nil, err
	}
	ann, err := stringMap(annN)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range []map[string]string{labels, ann} {
		for mk, mv := range m {
			if mk == "kubectl.kubernetes.io/last-applied-configuration" || rules.CheckSecretData(rules.DefaultNames, rules.Candidate{Name: mk, Value: mv}).Match {
				return nil, nil, fmt.Errorf("the Secret's metadata %q may hold a secret; convert it by hand", mk)
			}
		}
	}
	byNode := map[*yaml.Node]*editRequest{}
	for _, r := range rs {
		n, err := k.scalarAt(r)
		if err != nil {
			return nil, nil, err
		}
		byNode[n] = r
	}
	es := newExternalSecret(name, ns, name, k.opts(rs))
	if imm, _ := mapValue(root, "immutable"); imm != nil && imm.Value == "true" {
		es.Spec.Target.Immutable = true
	}
	tmpl := &esTemplate{}
	if t := mapScalar(root, "type"); t != "" && t != "Opaque" {
		tmpl.Type = t
	}
	if len(labels) > 0 || len(ann) > 0 {
		tmpl.Metadata = &esTemplateMeta{Labels: labels, Annotations: ann}
	}
	literals := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	type moved struct {
		r  *editRequest
		n  *yaml.Node
		sp Spelling
	}
	var moves []moved
	seen := map[string]bool{}
	for _, field := range []string{"data", "stringData"} {
		m, _ := mapValue(root, field)
		if m == nil {
			continue
		}
		if m.Kind != yaml.MappingNode {
			return nil, nil, fmt.Errorf("the Secret's %s is not a mapping", field)
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			kn, vn := m.Content[i], m.Content[i+1]
			if kn.Kind != yaml.ScalarNode || vn.Kind != yaml.ScalarNode || k8sKey(kn.Value) != kn.Value {
				return nil, nil, fmt.Errorf("the Secret's %s has an entry that is not a key with a value", field)
			}
			if seen[kn.Value] {
				return nil, nil, fmt.Errorf("the Secret has %q in both data and stringData", kn.Value)
			}
			seen[kn.Value] = true
			enc := ""
			if field == "data" {
				enc = "base64"
			}
			if r := byNode[vn]; r != nil {
				sp, err := wholeSpelling(k.content, vn, r, enc)
				if err != nil {
					return nil, nil, fmt.Errorf("%s: %w", kn.Value, err)
				}
				moves = append(moves, moved{r: r, n: vn, sp: sp})
				es.add(kn.Value, r.dest)
				continue
			}
			v := vn.Value
			if enc != "" {
				dec, ok := decodeSecretData(v)
				if !ok {
					return nil, nil, fmt.Errorf("the Secret's data %q is not base64", kn.Value)
				}
				v = dec
			}
			// An entry that is not moved stays as a literal of the
			// template, which the repository held already: only if the
			// scanner's own rule judges it not a secret.
			if rules.CheckSecretData(rules.DefaultNames, rules.Candidate{Name: kn.Value, Value: v}).Match {
				return nil, nil, fmt.Errorf("the Secret's %q holds a secret that is not moved with the others (excluded or not rewritable); convert the Secret by hand", kn.Value)
			}
			if !utf8.ValidString(v) || strings.Contains(v, "{{") {
				return nil, nil, fmt.Errorf("the Secret's %q is binary or holds {{, which an ExternalSecret template cannot carry as a literal", kn.Value)
			}
			literals.Content = append(literals.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kn.Value}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
		}
	}
	if len(moves) != len(rs) {
		return nil, nil, errors.New("a value is not a Secret's data or stringData entry")
	}
	if len(literals.Content) > 0 {
		tmpl.Data = *literals
		tmpl.MergePolicy = "Merge" // the moved keys too, not the template's alone
	}
	if tmpl.Type != "" || tmpl.Metadata != nil || tmpl.MergePolicy != "" {
		es.Spec.Target.Template = tmpl
	}
	doc, err := es.render()
	if err != nil {
		return nil, nil, err
	}
	// The Secret's bytes: from its first key's line to its last line
	// that is not blank or a comment.
	first := root.Content[0]
	fo, ok := k.keyAt[first]
	if !ok {
		return nil, nil, errSpelling
	}
	start := bytes.LastIndexByte(k.content[:fo], '\n') + 1
	end := trimTail(k.content, start, d.end)
	slices.SortFunc(moves, func(a, b moved) int { return a.r.offset - b.r.offset })
	var edits []*yamlEdit
	prev := start
	for i, mv := range moves {
		if mv.r.offset < prev || mv.r.end > end {
			return nil, nil, errors.New("the Secret's values could not be placed")
		}
		sp := mv.sp
		sp.Prefix = string(k.content[prev:mv.r.offset]) + sp.Prefix
		repl := ""
		if i == 0 {
			repl = doc
		}
		edits = append(edits, &yamlEdit{req: mv.r, Offset: prev, End: mv.r.end, Replacement: repl, Spelling: sp, node: mv.n})
		prev = mv.r.end
	}
	if !strings.HasSuffix(string(k.content[start:end]), "\n") && len(edits) > 0 {
		edits[0].Replacement = strings.TrimSuffix(doc, "\n")
	}
	edits = append(edits, &yamlEdit{aux: true, kind: auxK8sRest, Offset: prev, End: end, Replacement: "",
		Spelling: Spelling{Prefix: string(k.content[prev:end])}})
	return edits, meaning(es), nil
}

// decodeSecretData decodes a Secret data value as the API server does.
func decodeSecretData(v string) (string, bool) {
	s := strings.Join(strings.Fields(v), "")
	b, err := base64.StdEncoding.DecodeString(s)
	return string(b), err == nil
}

// k8sVia says in a plan how a Kubernetes or kustomize edit serves its
// value.
func k8sVia(e *Edit) string {
	switch {
	case e.Kind == EditKustomizeLiteral:
		return "an ExternalSecret replacing the secretGenerator"
	case e.Kind == EditK8sExternalSecret:
		return "the ExternalSecret that replaces the Secret"
	case strings.HasPrefix(e.Replacement, "$("):
		return e.Replacement + " (a new env entry reading the ExternalSecret's Secret)"
	}
	return "secretKeyRef to the ExternalSecret's Secret"
}
