package yamlscan

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	yaml "go.yaml.in/yaml/v3"
)

// Options configures a scan.
type Options struct {
	// Config supplies the secret-name matcher and the enabled rules (nil:
	// defaults).
	Config *rules.Config
	// Path is the file's slash path, used to recognise formats by name
	// (docker-compose.yml, .github/workflows/*.yml, values.yaml …).
	Path string
	// MaxDepth bounds the nesting the walk descends into (default 1000);
	// deeper branches are reported in a notice and not judged.
	MaxDepth int
	// Scalars asks for the span and key path of every scalar value, so
	// that provider-rule matches can be placed in the structure.
	Scalars bool
}

// DefaultMaxDepth is the nesting bound when Options.MaxDepth is zero.
const DefaultMaxDepth = 1000

// Scalar is one scalar value with its location.
type Scalar struct {
	Span
	KeyPath string
	Format  string
	// Meta, when set, is the metadata a finding placed in this scalar
	// carries (it includes "format"); scanners of other formats that
	// reuse Scalar (Terraform) describe their structure with it.
	Meta map[string]string
	// Ciphertext: the value is encrypted (a SealedSecret's
	// encryptedData); a provider rule's match inside it is chance.
	Ciphertext bool
}

// Result is what a scan found.
type Result struct {
	Findings []finding.Finding
	// Notices are warnings about the file (nesting too deep, aliasing).
	Notices []finding.Notice
	// Scalars lists every scalar value when Options.Scalars is set, in
	// document order.
	Scalars []Scalar
	// Formats lists the format recognised for each document.
	Formats []string
	// Embedded lists the block scalars that hold files of another format
	// (embedded.go), left to the caller to scan.
	Embedded []Embedded
}

// Scan parses src and walks every document. A file that is not valid YAML
// returns the parse error; the caller scans it as text instead.
func Scan(src []byte, opts Options) (*Result, error) {
	f, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return ScanFile(f, opts), nil
}

// ScanFile walks the documents of a parsed file.
func ScanFile(f *File, opts Options) *Result {
	w := newWalker(f, opts)
	for i, doc := range f.Docs {
		w.doc = i
		w.format = DetectFormat(opts.Path, doc)
		w.res.Formats = append(w.res.Formats, w.format)
		root := doc
		if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
			root = root.Content[0]
		}
		w.kind = ""
		w.root, w.docRel, w.docRelDone = root, nil, false
		if w.format == "k8s" {
			w.kind = scalarValue(mapGet(root, "kind"))
		}
		w.walk(root, "", "", 0, false)
	}
	return w.res
}

type walker struct {
	f      *File
	opts   Options
	j      *judge.Judge
	res    *Result
	doc    int
	format string
	kind   string // the Kubernetes kind of the document ("" when none)
	// related holds the user and database names of the mapping or
	// KEY=value list being walked (POSTGRES_USER: booking): a password
	// equal to one of them is trivial (rules.SameAsRelated).
	related []string
	// root is the document's root; docRel the user and database names
	// of all its mappings (docRelated), computed when first asked.
	root       *yaml.Node
	docRel     []string
	docRelDone bool
	judged     map[*yaml.Node]bool
	deep       bool
	aliases    int
}

func newWalker(f *File, opts Options) *walker {
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	return &walker{f: f, opts: opts, j: judge.New(opts.Config), res: &Result{}, judged: map[*yaml.Node]bool{}}
}

// DetectFormat names the kind of YAML document: k8s, kubeconfig, compose,
// actions, gitlab-ci, cloudformation, spring, helm, ansible, dbt-profiles,
// dbt-packages, dbt-project, or yaml.
func DetectFormat(p string, doc *yaml.Node) string {
	base := strings.ToLower(path.Base(p))
	root := doc
	if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	get := func(k string) *yaml.Node { return mapGet(root, k) }
	switch base {
	case "profiles.yml":
		return "dbt-profiles"
	case "packages.yml", "dependencies.yml":
		return "dbt-packages"
	case "dbt_project.yml":
		return "dbt-project"
	}
	if kind := scalarValue(get("kind")); kind != "" && get("apiVersion") != nil {
		if kind == "Config" && (get("clusters") != nil || get("users") != nil) {
			return "kubeconfig"
		}
		return "k8s"
	}
	if get("AWSTemplateFormatVersion") != nil || isCloudFormation(get("Resources")) {
		return "cloudformation"
	}
	if strings.Contains(p, ".github/workflows/") || (base == "action.yml" || base == "action.yaml") && get("runs") != nil ||
		get("jobs") != nil && get("on") != nil {
		return "actions"
	}
	if isGitLabCI(p, root) {
		return FormatGitLabCI
	}
	if reCompose.MatchString(base) || isCompose(get("services")) {
		return "compose"
	}
	if reSpring.MatchString(base) || get("spring") != nil {
		return "spring"
	}
	if reHelmValues.MatchString(base) {
		return "helm"
	}
	if reAnsiblePath.MatchString("/"+p) || isPlaybook(root) || isAnsibleFile(p, root) {
		return "ansible"
	}
	return "yaml"
}

var (
	reCompose     = regexp.MustCompile(`^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$`)
	reSpring      = regexp.MustCompile(`^(?:application|bootstrap)(?:-[\w.-]+)?\.ya?ml$`)
	reHelmValues  = regexp.MustCompile(`^values(?:[.-][\w.-]+)?\.ya?ml$`)
	reAnsiblePath = regexp.MustCompile(`/(?:group_vars|host_vars|roles|playbooks|inventory|inventories)/`)
)

func isCloudFormation(res *yaml.Node) bool {
	if res == nil || res.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(res.Content); i += 2 {
		if t := scalarValue(mapGet(res.Content[i], "Type")); strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "Custom::") {
			return true
		}
	}
	return false
}

func isCompose(services *yaml.Node) bool {
	if services == nil || services.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(services.Content); i += 2 {
		s := services.Content[i]
		if mapGet(s, "image") != nil || mapGet(s, "build") != nil {
			return true
		}
	}
	return false
}

func isPlaybook(root *yaml.Node) bool {
	if root == nil || root.Kind != yaml.SequenceNode || len(root.Content) == 0 {
		return false
	}
	first := root.Content[0]
	return mapGet(first, "hosts") != nil && (mapGet(first, "tasks") != nil || mapGet(first, "roles") != nil)
}

// mapGet returns the value of key k in mapping n, or nil.
func mapGet(n *yaml.Node, k string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == k {
			return n.Content[i+1]
		}
	}
	return nil
}

// mapGetFold is mapGet ignoring case.
func mapGetFold(n *yaml.Node, k string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && strings.EqualFold(n.Content[i].Value, k) {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalarValue(n *yaml.Node) string {
	if n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// JoinKey appends a mapping key to a key path: .key for plain keys,
// ["key"] for keys with dots, spaces or brackets.
func JoinKey(p, key string) string {
	if simpleKey(key) {
		if p == "" {
			return key
		}
		return p + "." + key
	}
	return p + "[" + strconv.Quote(key) + "]"
}

// JoinIndex appends a sequence index (or an env entry's name) to a path.
func JoinIndex(p, idx string) string { return p + "[" + idx + "]" }

func simpleKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !simpleKeyByte(k[i]) {
			return false
		}
	}
	return true
}

// simpleKeyByte reports whether c may appear in a key that a path shows
// without quoting.
func simpleKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '$' || c == '@' || c == '/' || c == ':'
}

// walk visits node n at key path p; name is the key n is the value of
// (for judging scalars).
func (w *walker) walk(n *yaml.Node, p, name string, depth int, inFlow bool) {
	if n == nil {
		return
	}
	if depth > w.opts.MaxDepth {
		if !w.deep {
			w.deep = true
			w.res.Notices = append(w.res.Notices, finding.Notice{
				Line: n.Line, Column: n.Column, Kind: "yaml-too-deep",
				Message: fmt.Sprintf("YAML nested deeper than %d levels at %s: the deeper values were not checked structurally (provider rules still ran on the text)", w.opts.MaxDepth, pathOrRoot(p)),
			})
		}
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		if n.Style&yaml.FlowStyle != 0 && w.templateAction(n, p, name) {
			return
		}
		w.mapping(n, p, name, depth)
	case yaml.SequenceNode:
		w.sequence(n, p, name, depth)
	case yaml.ScalarNode:
		w.scalar(n, p, name, inFlow)
	case yaml.AliasNode:
		w.aliases++
		// The literal is judged where it is written (the anchor), under
		// the name of the key that uses it; collections behind an alias
		// were walked where they are written.
		if a := n.Alias; a != nil && a.Kind == yaml.ScalarNode {
			w.scalar(a, p, name, false)
		}
	}
}

func pathOrRoot(p string) string {
	if p == "" {
		return "the document root"
	}
	return p
}

// mapping walks a mapping written under name. A value-ish key (value,
// default) under a secret name is judged under that name: CloudFormation
// Parameters.DBPassword.Default, Helm password: {value: …}.
func (w *walker) mapping(n *yaml.Node, p, name string, depth int) {
	flow := n.Style&yaml.FlowStyle != 0
	if w.special(n, p) {
		return
	}
	parentSecret := name != "" && w.j.SecretName(name)
	defer w.relate(n)()
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == "<<" && k.Tag == "!!merge" {
			continue // merged mappings are walked where they are written
		}
		childName := k.Value
		if parentSecret && valueKeys[strings.ToLower(k.Value)] {
			childName = name
		}
		w.walk(v, JoinKey(p, k.Value), childName, depth+1, flow)
	}
}

// relate sets w.related to the user and database names that mapping or
// KEY=value list n holds, and returns the function that restores the
// previous ones.
func (w *walker) relate(n *yaml.Node) func() {
	prev := w.related
	var rel []string
	add := func(k, v string) {
		if v != "" && rules.RelatedName(k) {
			rel = append(rel, v)
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Kind == yaml.ScalarNode && v.Kind == yaml.ScalarNode {
				add(k.Value, v.Value)
			}
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if item.Kind == yaml.ScalarNode {
				if k, v, ok := strings.Cut(item.Value, "="); ok {
					add(strings.TrimSpace(k), strings.TrimSpace(v))
				}
			}
		}
	}
	w.related = rel
	return func() { w.related = prev }
}

// docRelated returns the user and database names of every mapping and
// KEY=value list of the document: a variable's default equal to one of
// them (${APP_DB_PASSWORD:-app} in one compose service beside
// POSTGRES_USER: app in another) is the stack's own trivial default.
func (w *walker) docRelated() []string {
	if w.docRelDone {
		return w.docRel
	}
	w.docRelDone = true
	prev := w.related
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		if n == nil || depth > w.opts.MaxDepth {
			return
		}
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			w.relate(n)
			w.docRel = append(w.docRel, w.related...)
		}
		for _, c := range n.Content {
			visit(c, depth+1)
		}
	}
	visit(w.root, 0)
	w.related = prev
	return w.docRel
}

// templateAction judges a Go template action that YAML read as a flow
// mapping: value: {{ default "…" .Values.smtp.password | quote }} in a
// Helm template that happens to be valid YAML is {{…}: null} to the
// parser. The action's text, as written on its line, is judged as the
// value of name (the key, or the env entry's name). It reports whether n
// was such an action.
func (w *walker) templateAction(n *yaml.Node, p, name string) bool {
	if n.Line < 1 || n.Line > w.f.ix.Lines() {
		return false
	}
	start := w.f.ix.RuneOffset(n.Line, n.Column)
	line := w.f.Src[start:w.f.ix.LineEnd(n.Line)]
	if !bytes.HasPrefix(line, []byte("{{")) {
		return false
	}
	end := bytes.Index(line, []byte("}}"))
	if end < 0 {
		return false
	}
	act := &yaml.Node{Kind: yaml.ScalarNode, Value: string(line[:end+2]), Line: n.Line, Column: n.Column}
	if d, ok := w.j.Assignment(name, act.Value); ok && d.RuleID == "env-default-secret" {
		s, e := d.Span(act.Value)
		w.emit(act, p, false, d.RuleID, d.Message("key", name), act.Value[s:e], s, e, d.Severity, "")
	}
	return true
}

// valueKeys are keys that hold the value of the mapping they are in.
var valueKeys = map[string]bool{"value": true, "default": true, "defaultvalue": true, "plaintext": true, "literal": true}

// sequence walks a sequence; lists of {name, value} pairs (Kubernetes env,
// CloudFormation Environment, Helm extraEnv) are walked as name → value,
// with the key path naming the entry: env[DB_PASSWORD].value.
func (w *walker) sequence(n *yaml.Node, p, name string, depth int) {
	flow := n.Style&yaml.FlowStyle != 0
	w.commandSequence(n, p)
	defer w.relate(n)()
	flagName := ""
	for i, item := range n.Content {
		if item.Kind == yaml.MappingNode {
			if nameNode := mapGetFold(item, "name"); nameNode != nil && nameNode.Kind == yaml.ScalarNode && nameNode.Value != "" {
				if val := mapGetFold(item, "value"); val != nil {
					ip := JoinIndex(p, nameNode.Value)
					for j := 0; j+1 < len(item.Content); j += 2 {
						k, v := item.Content[j], item.Content[j+1]
						if k.Kind != yaml.ScalarNode {
							continue
						}
						if strings.EqualFold(k.Value, "value") {
							w.walk(v, JoinKey(ip, k.Value), nameNode.Value, depth+2, item.Style&yaml.FlowStyle != 0)
						} else if !strings.EqualFold(k.Value, "name") {
							w.walk(v, JoinKey(ip, k.Value), k.Value, depth+2, item.Style&yaml.FlowStyle != 0)
						}
					}
					continue
				}
			}
		}
		ip := JoinIndex(p, strconv.Itoa(i))
		itemName, flagValue := name, flagName != ""
		if flagValue {
			itemName = flagName
		}
		flagName = ""
		if flagValue && item.Kind == yaml.ScalarNode && rules.DevPassword(item.Value) {
			continue // [redis-server, --requirepass, devpassword]: a development default (cli-password agrees)
		}
		if item.Kind == yaml.ScalarNode && reFlag.MatchString(item.Value) && w.j.SecretName(item.Value) {
			// ["--password", "hunter2"]: the next item is the flag's value.
			flagName = item.Value
			continue
		}
		w.walk(item, ip, itemName, depth+1, flow)
	}
}

var reFlag = regexp.MustCompile(`^--?[A-Za-z][\w-]*$`)

// reKeyValue is a KEY=value item (docker-compose environment lists,
// --flag=value arguments).
var reKeyValue = regexp.MustCompile(`^\s*(-{0,2}[A-Za-z_][\w.\-]*)\s*=`)

// scalar judges a scalar written under name.
func (w *walker) scalar(n *yaml.Node, p, name string, inFlow bool) {
	if w.opts.Scalars && !w.judged[n] {
		if sp, ok := w.f.ScalarSpan(n, inFlow); ok {
			w.res.Scalars = append(w.res.Scalars, Scalar{Span: sp, KeyPath: p, Format: w.format})
		}
	}
	if !judgeable(n) {
		return
	}
	if w.judged[n] || w.embedded(n, p, name) {
		return
	}
	value := n.Value
	if d, ok := w.j.Assignment(name, value); ok {
		w.judged[n] = true
		s, e := d.Span(value)
		if d.RuleID == "hardcoded-credential" && rules.SameAsRelated(value, w.related...) ||
			d.RuleID == "env-default-secret" && rules.SameAsRelated(value[s:e], w.docRelated()...) {
			return // POSTGRES_USER: booking, POSTGRES_PASSWORD: booking (or ${PG_PASSWORD:-booking})
		}
		w.emit(n, p, inFlow, d.RuleID, d.Message("key", name), value[s:e], s, e, d.Severity, "")
		return
	}
	if strings.Contains(value, "<%") && w.j.Enabled("hardcoded-credential") {
		// Rails' ERB in YAML (config/database.yml): password: <%=
		// ENV.fetch("DB_PASSWORD") { "…" } %>. The lookup's literal
		// fallback is judged under the variable, else under the key, as
		// the text scanner judges it in code.
		for _, fb := range rules.EnvFallbacks(value) {
			vn := fb.Variable
			d, ok := w.j.Assignment(vn, fb.Value)
			if !ok {
				vn = name
				d, ok = w.j.Assignment(vn, fb.Value)
			}
			if ok {
				w.judged[n] = true
				s, e := d.Span(fb.Value)
				w.emit(n, p, inFlow, d.RuleID, d.Message("fallback of variable", vn), fb.Value[s:e], fb.Start+s, fb.Start+e, d.Severity, "")
				return
			}
		}
	}
	// KEY=value items: docker-compose environment lists, --flag=value.
	if strings.IndexByte(value, '=') < 0 {
		return
	}
	if m := reKeyValue.FindStringSubmatchIndex(value); m != nil {
		key := value[m[2]:m[3]]
		rest := value[m[1]:]
		if d, ok := w.j.Assignment(key, rest); ok {
			w.judged[n] = true
			s, e := d.Span(rest)
			if d.RuleID == "hardcoded-credential" && rules.SameAsRelated(rest, w.related...) ||
				d.RuleID == "env-default-secret" && rules.SameAsRelated(rest[s:e], w.docRelated()...) {
				return // - POSTGRES_PASSWORD=booking beside - POSTGRES_USER=booking
			}
			off := m[1]
			w.emit(n, p, inFlow, d.RuleID, d.Message("variable", key), rest[s:e], off+s, off+e, d.Severity, "")
		}
	}
}

// judgeable reports whether a scalar can hold a literal secret: strings
// and numbers, not null or booleans; not encrypted (!vault) or an
// intrinsic function or reference tag (!Ref, !GetAtt, !secret …). A
// custom tag the scanner does not know (!unsafe, an application's own)
// still holds its text.
func judgeable(n *yaml.Node) bool {
	switch {
	case n.Value == "":
		return false
	case n.Tag == "!!str", n.Tag == "!!int", n.Tag == "!!binary", n.Tag == "", n.Tag == "!!python/unicode":
		return true
	case strings.HasPrefix(n.Tag, "!!"):
		return false // null, bool, float, timestamp …
	}
	return !referenceTags[strings.ToLower(n.Tag)]
}

// referenceTags are the YAML tags whose scalar is not a literal value:
// encrypted (Ansible's !vault, SOPS), a reference or an intrinsic function.
var referenceTags = map[string]bool{
	"!vault": true, "!encrypted/pkcs1-oaep": true, "!ref": true, "!getatt": true, "!importvalue": true,
	"!findinmap": true, "!join": true, "!select": true, "!split": true, "!getazs": true, "!cidr": true,
	"!if": true, "!equals": true, "!not": true, "!and": true, "!or": true, "!condition": true,
	"!secret": true, "!env_var": true, "!env": true, "!reference": true, "!include": true,
	"!input": true, "!expr": true,
}

// emit records a finding for the part [s, e) of scalar n's value.
func (w *walker) emit(n *yaml.Node, p string, inFlow bool, rule, msg, secret string, s, e int, sev finding.Severity, encoding string) {
	sp, ok := w.f.ScalarSpan(n, inFlow)
	if !ok {
		return
	}
	vs, ve := w.f.ValueSpan(sp, n.Value, s, e)
	if encoding != "" {
		vs, ve = sp.ValStart, sp.ValEnd
	}
	line, col := w.f.ix.Position(vs)
	eline, ecol := w.f.ix.Position(ve)
	meta := map[string]string{"format": w.format}
	IaCMeta(meta, w.format, w.opts.Path, p)
	if len(w.f.Docs) > 1 {
		meta["yaml.document"] = strconv.Itoa(w.doc)
	}
	w.res.Findings = append(w.res.Findings, finding.Finding{
		RuleID: rule, Message: msg, Severity: sev,
		Line: line, Column: col, EndLine: eline, EndColumn: ecol,
		Offset: sp.Start, EndOffset: sp.End,
		KeyPath: p, Secret: finding.NewSecret(secret), Encoding: encoding, Meta: meta,
	})
}

// special handles the structures whose values are judged by a
// format-specific rule; it reports whether it walked n itself.
func (w *walker) special(n *yaml.Node, p string) bool {
	switch {
	case w.format == "k8s" && p == "" && scalarValue(mapGet(n, "kind")) == "Secret":
		w.k8sSecret(n)
		return true
	case w.format == "k8s" && p == "spec" && w.kind == "SealedSecret":
		w.sealedSpec(n)
		return true
	case w.format == "cloudformation" && strings.HasPrefix(p, "Resources.") && strings.Count(p, ".") == 1 &&
		scalarValue(mapGet(n, "Type")) == "AWS::SecretsManager::Secret":
		w.cfnSecret(n, p)
		return true
	}
	return false
}

// k8sSecret walks a kind: Secret manifest: data values are base64 and
// judged decoded, stringData values as written.
func (w *walker) k8sSecret(n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := JoinKey("", k.Value)
		switch k.Value {
		case "data", "stringData", "binaryData":
			if v.Kind != yaml.MappingNode {
				w.walk(v, kp, k.Value, 1, false)
				continue
			}
			flow := v.Style&yaml.FlowStyle != 0
			var related []string // username: admin beside password: admin
			for j := 0; j+1 < len(v.Content); j += 2 {
				if dk, dv := v.Content[j], v.Content[j+1]; dk.Kind == yaml.ScalarNode && dv.Kind == yaml.ScalarNode && rules.RelatedName(dk.Value) {
					value := dv.Value
					if k.Value != "stringData" {
						value, _ = decodeBase64(value)
					}
					related = append(related, value)
				}
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				dk, dv := v.Content[j], v.Content[j+1]
				if dv.Kind == yaml.AliasNode && dv.Alias != nil {
					dv = dv.Alias
				}
				if dk.Kind != yaml.ScalarNode || dv.Kind != yaml.ScalarNode || !judgeable(dv) || w.judged[dv] {
					continue
				}
				dp := JoinKey(kp, dk.Value)
				if w.opts.Scalars {
					if sp, ok := w.f.ScalarSpan(dv, flow); ok {
						w.res.Scalars = append(w.res.Scalars, Scalar{Span: sp, KeyPath: dp, Format: w.format})
					}
				}
				if k.Value == "stringData" && w.embedded(dv, dp, dk.Value) {
					continue // a .env or JSON file: judged line by line
				}
				value, enc := dv.Value, ""
				if k.Value != "stringData" {
					dec, ok := decodeBase64(value)
					if !ok {
						continue
					}
					value, enc = dec, "base64"
				}
				if rules.SameAsRelated(value, related...) {
					continue
				}
				if w.j.Enabled("kubernetes-secret-data") {
					if vd := rules.CheckSecretData(w.j.Names, rules.Candidate{Name: dk.Value, Value: value}); vd.Match {
						w.judged[dv] = true
						msg := fmt.Sprintf("Secret %s entry %q holds a literal value", k.Value, dk.Value)
						if enc != "" {
							msg += " (base64 is an encoding, not encryption)"
						}
						w.emit(dv, dp, flow, "kubernetes-secret-data", msg, value, 0, len(value), vd.Severity, enc)
						continue
					}
				}
				// An entry under a public name (DATABASE_URL) whose value,
				// decoded, is a URL or connection string with a password.
				// A base64 entry is reported whole, with the decoded value
				// as the secret: remediation moves the entry, not a part.
				if w.j.Enabled("url-credentials") {
					if vd := rules.CheckURLCredentials(rules.Candidate{Name: dk.Value, Value: value}); vd.Match {
						w.judged[dv] = true
						d := judge.Decision{RuleID: "url-credentials", Verdict: vd}
						msg := d.Message(fmt.Sprintf("Secret %s entry", k.Value), dk.Value)
						s, e := d.Span(value)
						if enc != "" {
							msg += " (base64 is an encoding, not encryption)"
							s, e = 0, len(value)
						}
						w.emit(dv, dp, flow, d.RuleID, msg, value[s:e], s, e, vd.Severity, enc)
					}
				}
			}
		default:
			w.walk(v, kp, k.Value, 1, false)
		}
	}
}

// sealedSpec walks the spec of a Bitnami SealedSecret: encryptedData
// (and the deprecated data, the whole Secret sealed) holds ciphertext
// that only the controller's private key opens; the template (labels,
// type, templated data) is walked as usual.
func (w *walker) sealedSpec(n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == "encryptedData" || k.Value == "data" {
			w.ciphertext(v, JoinKey("spec", k.Value), n.Style&yaml.FlowStyle != 0)
			continue
		}
		w.walk(v, JoinKey("spec", k.Value), k.Value, 2, n.Style&yaml.FlowStyle != 0)
	}
}

// ciphertext records the scalars under n as encrypted (Scalar.Ciphertext)
// without judging them.
func (w *walker) ciphertext(n *yaml.Node, p string, inFlow bool) {
	if !w.opts.Scalars {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if sp, ok := w.f.ScalarSpan(n, inFlow); ok {
			w.res.Scalars = append(w.res.Scalars, Scalar{Span: sp, KeyPath: p, Format: w.format, Ciphertext: true})
		}
	case yaml.MappingNode:
		flow := n.Style&yaml.FlowStyle != 0
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode {
				w.ciphertext(n.Content[i+1], JoinKey(p, k.Value), flow)
			}
		}
	}
}

// decodeBase64 decodes a Kubernetes Secret data value (standard
// alphabet, padding optional, whitespace ignored).
func decodeBase64(v string) (string, bool) {
	s := strings.Join(strings.Fields(v), "")
	if s == "" {
		return "", false
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return string(b), true
	}
	if b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err == nil {
		return string(b), true
	}
	return "", false
}

// cfnSecret walks an AWS::SecretsManager::Secret resource: a literal
// SecretString is cloudformation-secret-string; GenerateSecretString and
// {{resolve:…}} references are clean.
func (w *walker) cfnSecret(n *yaml.Node, p string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := JoinKey(p, k.Value)
		if k.Value != "Properties" || v.Kind != yaml.MappingNode {
			w.walk(v, kp, k.Value, 2, false)
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			pk, pv := v.Content[j], v.Content[j+1]
			pp := JoinKey(kp, pk.Value)
			if pk.Value != "SecretString" {
				w.walk(pv, pp, pk.Value, 3, false)
				continue
			}
			if pv.Kind == yaml.AliasNode && pv.Alias != nil {
				pv = pv.Alias
			}
			if pv.Kind != yaml.ScalarNode {
				// Fn::Sub / Fn::Join: the literal parts are judged as
				// ordinary values.
				w.walk(pv, pp, pk.Value, 3, false)
				continue
			}
			if w.opts.Scalars {
				if sp, ok := w.f.ScalarSpan(pv, false); ok {
					w.res.Scalars = append(w.res.Scalars, Scalar{Span: sp, KeyPath: pp, Format: w.format})
				}
			}
			if !judgeable(pv) || w.judged[pv] || !w.j.Enabled("cloudformation-secret-string") {
				continue
			}
			if vd := rules.CheckSecretString(w.j.Names, rules.Candidate{Name: "SecretString", Value: pv.Value}); vd.Match {
				w.judged[pv] = true
				s, e := 0, len(pv.Value)
				if vd.End > vd.Start {
					s, e = vd.Start, vd.End
				}
				msg := "SecretString of an AWS::SecretsManager::Secret is a literal"
				if vd.Reason != "" {
					msg = fmt.Sprintf("SecretString of an AWS::SecretsManager::Secret holds a literal %q", vd.Reason)
				}
				w.emit(pv, pp, false, "cloudformation-secret-string", msg, pv.Value[s:e], s, e, vd.Severity, "")
			}
		}
	}
}
