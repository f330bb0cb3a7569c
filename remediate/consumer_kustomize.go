package remediate

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// Edit kinds of the kustomize consumer.
const (
	// EditKustomizeLiteral moves a secretGenerator literal (NAME=value)
	// into the store: the generator becomes an ExternalSecret in a new
	// file listed in resources:.
	EditKustomizeLiteral = "kustomize-literal"

	auxKustomizeRest      = "kustomize-generator-rest"
	auxKustomizeResources = "kustomize-resources-entry"
)

// kustomizeConsumer is kustomize reading kustomization.yaml: the
// literals of a secretGenerator go to the store, and the generator is
// replaced by an ExternalSecret (a new file beside it, listed in
// resources:) that creates a Secret of the generator's name.
type kustomizeConsumer struct{}

func (kustomizeConsumer) name() string { return "kustomize" }

func isKustomization(file string) bool {
	switch path.Base(file) {
	case "kustomization.yaml", "kustomization.yml", "Kustomization":
		return true
	}
	return false
}

func (kustomizeConsumer) claims(f *finding.Finding, o *planEnv) bool {
	return o.refs != RefsVals && isKustomization(f.File)
}

func (kustomizeConsumer) needs(o *planEnv) string {
	return esStoreNeeds(o) + ". Each secretGenerator became an ExternalSecret listed in resources: that creates a Secret of the " +
		"generator's name. What is lost: kustomize no longer adds a content-hash suffix to that name, so a changed value " +
		"no longer rolls the workloads out by itself (ESO syncs it into the Secret every refreshInterval; restart the " +
		"workloads or run a reloader); a namePrefix/nameSuffix no longer applies to the Secret's name"
}

var kustomizeLiteralPath = regexp.MustCompile(`^secretGenerator\[\d+\]\.literals\[\d+\]$`)

func (kustomizeConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if kustomizeLiteralPath.MatchString(f.KeyPath) {
		return EditKustomizeLiteral, "", ""
	}
	return "", StatusNotRewritable, "only secretGenerator literals are rewritten in a kustomization (kustomize would put a reference text into the resource); move this value by hand"
}

func (kustomizeConsumer) envVar(*finding.Finding, string, binding) string { return "" }

func (kustomizeConsumer) shape(_ string, b binding) editRequest { return editRequest{replace: b.ref} }

// externalSecretFile names the file the ExternalSecret of generator name
// goes to, beside the kustomization.
func externalSecretFile(name string) string { return name + ".externalsecret.yaml" }

// kustomizeGen is the plan for one converted generator.
type kustomizeGen struct {
	name  string
	node  *yaml.Node
	reqs  []*editRequest
	es    *externalSecret
	moved []*yaml.Node // literal scalars moved, in order
	// spans are the bytes of each moved value.
	spans map[*editRequest][2]int
}

// kustomizePlan is the analysis of one kustomization file.
type kustomizePlan struct {
	edits    []*yamlEdit
	rejected map[*editRequest]string
	after    []byte
	gens     []*kustomizeGen
}

func (c kustomizeConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	p := planKustomize(content, reqs)
	return p.edits, p.rejected, p.after
}

// newFiles writes one ExternalSecret file per converted generator.
func (kustomizeConsumer) newFiles(file string, content []byte, moved []movedValue, o *planEnv) []*PlanNewFile {
	var reqs []*editRequest
	for _, m := range moved {
		reqs = append(reqs, &editRequest{offset: m.f.Offset, end: m.f.EndOffset, value: m.f.Secret.Reveal(), kind: EditKustomizeLiteral,
			dest: binding{secret: m.secret, key: m.key, ref: m.ref, opts: o.opts}})
	}
	p := planKustomize(content, reqs)
	var out []*PlanNewFile
	for _, g := range p.gens {
		doc, err := g.es.render()
		if err != nil {
			continue
		}
		nf := &PlanNewFile{Path: path.Join(path.Dir(file), externalSecretFile(g.name)), Consumer: kustomizeConsumer{}.name(),
			Content: "# Written by `secretlint remediate`: the secretGenerator " + g.name + " of " + path.Base(file) +
				", served from the store by External Secrets Operator.\n" + doc}
		for _, d := range g.es.Spec.Data {
			nf.Keys = append(nf.Keys, d.RemoteRef.Key+"#"+d.RemoteRef.Property)
		}
		out = append(out, nf)
	}
	return out
}

var (
	generatorKeys = []string{"name", "namespace", "literals", "type", "options"}
	optionKeys    = []string{"disableNameSuffixHash", "labels", "annotations", "immutable"}
)

// kustomizeLiteral splits a literal as kustomize does (api/kv:
// parseLiteralSource): NAME=VALUE at the first '=', with one pair of
// surrounding quotes removed from the value.
func kustomizeLiteral(s string) (name, value string, quoted, ok bool) {
	name, value, ok = strings.Cut(s, "=")
	if !ok || name == "" {
		return "", "", false, false
	}
	if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
		return name, value[1 : len(value)-1], true, true
	}
	return name, value, false, true
}

func planKustomize(content []byte, reqs []*editRequest) *kustomizePlan {
	p := &kustomizePlan{rejected: map[*editRequest]string{}, after: content}
	rejectAll := func(reason string) *kustomizePlan {
		for _, r := range reqs {
			if _, ok := p.rejected[r]; !ok {
				p.rejected[r] = reason
			}
		}
		p.edits, p.after, p.gens = nil, content, nil
		return p
	}
	docs, err := parseYAML(content)
	if err != nil {
		return rejectAll(err.Error())
	}
	ydocs := yamlDocs(content, docs)
	if len(ydocs) != 1 || ydocs[0].node.Kind != yaml.MappingNode || ydocs[0].node.Style&yaml.FlowStyle != 0 {
		return rejectAll("the kustomization is not one block mapping")
	}
	d := ydocs[0]
	root := d.node
	byOffset, keyAt := map[int]scalarInfo{}, map[*yaml.Node]int{}
	for _, si := range scalars(content, docs) {
		if si.offset >= 0 {
			byOffset[si.offset] = si
			if si.isKey {
				keyAt[si.node] = si.offset
			}
		}
	}
	sg, sgi := mapValue(root, "secretGenerator")
	if sg == nil || sg.Kind != yaml.SequenceNode || sg.Style&yaml.FlowStyle != 0 {
		return rejectAll("secretGenerator is not a block sequence")
	}
	// Which generator each request is in.
	byGen := map[*yaml.Node][]*editRequest{}
	for _, r := range reqs {
		si, ok := byOffset[r.offset]
		var lit *yaml.Node
		if ok && !si.isKey {
			lit = si.node
		} else {
			// The value inside NAME=value: the scalar that starts last
			// before it.
			best := -1
			for off, s := range byOffset {
				if off <= r.offset && off > best && !s.isKey {
					best, lit = off, s.node
				}
			}
		}
		pth := pathTo(root, lit)
		if lit == nil || len(pth) != 5 || pth[1] != sg || keyOf(pth[2], pth[3]) != "literals" {
			p.rejected[r] = "the value is not a secretGenerator literal"
			continue
		}
		byGen[pth[2]] = append(byGen[pth[2]], r)
	}
	var gens []*kustomizeGen
	for _, g := range sg.Content {
		rs := byGen[g]
		if len(rs) == 0 {
			continue
		}
		kg, err := kustomizeGenerator(content, byOffset, g, rs)
		if err != nil {
			for _, r := range rs {
				p.rejected[r] = err.Error()
			}
			continue
		}
		gens = append(gens, kg)
	}
	if len(gens) == 0 {
		return p
	}
	// The bytes to remove: the whole secretGenerator key when every
	// generator goes, each generator's item otherwise.
	type region struct {
		start, end int
		gens       []*kustomizeGen
	}
	var regions []region
	nextKeyStart := func(i int) int { // line start of the root key after index i, or the document's end
		if i+1 < len(root.Content) {
			if off, ok := keyAt[root.Content[i+1]]; ok {
				return bytes.LastIndexByte(content[:off], '\n') + 1
			}
		}
		return d.end
	}
	lineStart := func(n *yaml.Node) (int, bool) {
		off, ok := keyAt[n]
		if !ok {
			return 0, false
		}
		return bytes.LastIndexByte(content[:off], '\n') + 1, true
	}
	if len(gens) == len(sg.Content) {
		s, ok := lineStart(root.Content[sgi-1])
		if !ok {
			return rejectAll(errSpelling.Error())
		}
		regions = append(regions, region{s, trimTail(content, s, nextKeyStart(sgi)), gens})
	} else {
		for _, kg := range gens {
			i := slices.Index(sg.Content, kg.node)
			if len(kg.node.Content) == 0 {
				return rejectAll(errSpelling.Error())
			}
			s, ok := lineStart(kg.node.Content[0])
			if !ok {
				return rejectAll(errSpelling.Error())
			}
			e := nextKeyStart(sgi)
			if i+1 < len(sg.Content) && len(sg.Content[i+1].Content) > 0 {
				if e, ok = lineStart(sg.Content[i+1].Content[0]); !ok {
					return rejectAll(errSpelling.Error())
				}
			}
			regions = append(regions, region{s, trimTail(content, s, e), []*kustomizeGen{kg}})
		}
	}
	var edits []*yamlEdit
	for _, rg := range regions {
		var all []*editRequest
		files := map[*editRequest]string{}
		spans := map[*editRequest][2]int{}
		for _, kg := range rg.gens {
			for _, r := range kg.reqs {
				files[r] = externalSecretFile(kg.name)
			}
			maps.Copy(spans, kg.spans)
			all = append(all, kg.reqs...)
		}
		slices.SortFunc(all, func(a, b *editRequest) int { return spans[a][0] - spans[b][0] })
		prev := rg.start
		for _, r := range all {
			vs, ve := spans[r][0], spans[r][1]
			if vs < prev || ve > rg.end {
				return rejectAll("the generator's values could not be placed")
			}
			edits = append(edits, &yamlEdit{req: r, Offset: prev, End: ve, Replacement: "",
				Spelling: Spelling{Prefix: string(content[prev:vs])}, needsFile: files[r]})
			prev = ve
		}
		if prev < rg.end {
			edits = append(edits, &yamlEdit{aux: true, kind: auxKustomizeRest, Offset: prev, End: rg.end,
				Spelling: Spelling{Prefix: string(content[prev:rg.end])}, needsFile: files[all[len(all)-1]]})
		}
	}
	// resources: gains each new file.
	res, ri := mapValue(root, "resources")
	for _, kg := range gens {
		file := externalSecretFile(kg.name)
		switch {
		case res == nil:
			at := d.end
			text := "resources:\n- " + plainYAML(file) + "\n"
			if at > 0 && content[at-1] != '\n' {
				text = "\n" + text
			}
			edits = append(edits, &yamlEdit{aux: true, kind: auxKustomizeResources, Offset: at, End: at, Replacement: text, needsFile: file})
			res = &yaml.Node{} // later files join the list just written
			ri = -2
		case ri == -2:
			last := edits[len(edits)-1]
			last.Replacement += "- " + plainYAML(file) + "\n"
			last.needsFile = "" // needs several files: made only when all are written, see below
		case res.Kind == yaml.SequenceNode && res.Style&yaml.FlowStyle == 0 && len(res.Content) > 0:
			lastItem := res.Content[len(res.Content)-1]
			si := -1
			for off, s := range byOffset {
				if s.node == lastItem {
					si = off
				}
			}
			if si < 0 || lastItem.Kind != yaml.ScalarNode {
				return rejectAll("could not find the end of resources:")
			}
			ls := bytes.LastIndexByte(content[:si], '\n') + 1
			dash := bytes.IndexByte(content[ls:si], '-')
			if dash < 0 {
				return rejectAll("could not find the end of resources:")
			}
			at := si + bytes.IndexByte(content[si:], '\n')
			if at < si {
				at = len(content)
			}
			edits = append(edits, &yamlEdit{aux: true, kind: auxKustomizeResources, Offset: at, End: at,
				Replacement: "\n" + string(content[ls:ls+dash]) + "- " + plainYAML(file), needsFile: file})
		default:
			return rejectAll("resources: is not a block list; add the ExternalSecret by hand")
		}
	}
	slices.SortStableFunc(edits, func(a, b *yamlEdit) int { return a.Offset - b.Offset })
	after := applyYAMLEdits(content, edits)
	// Check: the kustomization means what it meant, without the
	// converted generators and with the new resources.
	var want map[string]any
	if err := d.node.Decode(&want); err != nil {
		return rejectAll("the kustomization does not decode")
	}
	var keep []any
	gl, _ := want["secretGenerator"].([]any)
	for i, g := range gl {
		if !slices.ContainsFunc(gens, func(kg *kustomizeGen) bool { return sg.Content[i] == kg.node }) {
			keep = append(keep, g)
		}
	}
	if len(keep) == 0 {
		delete(want, "secretGenerator")
	} else {
		want["secretGenerator"] = keep
	}
	rl, _ := want["resources"].([]any)
	for _, kg := range gens {
		rl = append(rl, externalSecretFile(kg.name))
	}
	want["resources"] = rl
	var have map[string]any
	if err := yaml.Unmarshal(after, &have); err != nil || !reflect.DeepEqual(want, have) {
		return rejectAll("the rewritten kustomization would not read back as intended")
	}
	p.edits, p.after, p.gens = edits, after, gens
	return p
}

// trimTail moves end back over trailing blank and comment lines, not
// before start.
func trimTail(content []byte, start, end int) int {
	for end > start {
		ls := bytes.LastIndexByte(content[:end-1], '\n') + 1
		if ls < start {
			break
		}
		line := strings.TrimSpace(string(content[ls:end]))
		if line != "" && !strings.HasPrefix(line, "#") {
			break
		}
		end = ls
	}
	return end
}

// kustomizeGenerator plans the ExternalSecret of one generator.
func kustomizeGenerator(content []byte, byOffset map[int]scalarInfo, g *yaml.Node, rs []*editRequest) (*kustomizeGen, error) {
	if g.Kind != yaml.MappingNode || g.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("the secretGenerator entry is not a block mapping")
	}
	for i := 0; i < len(g.Content); i += 2 {
		if k := g.Content[i].Value; !slices.Contains(generatorKeys, k) {
			return nil, fmt.Errorf("the secretGenerator has %q (files, envs or behavior stay with kustomize); move its literals by hand", k)
		}
	}
	name := mapScalar(g, "name")
	if name == "" || !dnsSubdomain.MatchString(name) {
		return nil, errors.New("the secretGenerator has no valid name")
	}
	kg := &kustomizeGen{name: name, node: g, reqs: rs, spans: map[*editRequest][2]int{}}
	es := newExternalSecret(name, mapScalar(g, "namespace"), name, rs[0].dest.opts)
	tmpl := &esTemplate{}
	if t := mapScalar(g, "type"); t != "" && t != "Opaque" {
		tmpl.Type = t
	}
	if o, _ := mapValue(g, "options"); o != nil {
		if o.Kind != yaml.MappingNode {
			return nil, errors.New("the secretGenerator's options are not a mapping")
		}
		for i := 0; i < len(o.Content); i += 2 {
			if k := o.Content[i].Value; !slices.Contains(optionKeys, k) {
				return nil, fmt.Errorf("the secretGenerator has the option %q; move its literals by hand", k)
			}
		}
		ln, _ := mapValue(o, "labels")
		an, _ := mapValue(o, "annotations")
		labels, err := stringMap(ln)
		if err != nil {
			return nil, err
		}
		ann, err := stringMap(an)
		if err != nil {
			return nil, err
		}
		if len(labels) > 0 || len(ann) > 0 {
			tmpl.Metadata = &esTemplateMeta{Labels: labels, Annotations: ann}
		}
		es.Spec.Target.Immutable = mapScalar(o, "immutable") == "true"
	}
	lits, _ := mapValue(g, "literals")
	if lits == nil || lits.Kind != yaml.SequenceNode || lits.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("the secretGenerator's literals are not a block list")
	}
	litOff := map[*yaml.Node]int{}
	for off, s := range byOffset {
		if !s.isKey && slices.Contains(lits.Content, s.node) {
			litOff[s.node] = off
		}
	}
	byNode := map[*yaml.Node]*editRequest{}
	for _, r := range rs {
		var host *yaml.Node
		for n, off := range litOff {
			if off <= r.offset && (host == nil || off > litOff[host]) {
				host = n
			}
		}
		if host == nil || byNode[host] != nil {
			return nil, errors.New("the value is not one secretGenerator literal's value")
		}
		byNode[host] = r
	}
	literals := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	seen := map[string]bool{}
	for _, ln := range lits.Content {
		if ln.Kind != yaml.ScalarNode {
			return nil, errors.New("a secretGenerator literal is not a string")
		}
		key, value, quoted, ok := kustomizeLiteral(ln.Value)
		if !ok || k8sKey(key) != key || seen[key] {
			return nil, fmt.Errorf("the literal %q is not NAME=value with a unique Secret key", key)
		}
		seen[key] = true
		if r := byNode[ln]; r != nil {
			if quoted || value != r.value || ln.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				return nil, errors.New("the literal's value is quoted or spelled so that it differs from the value found; move it by hand")
			}
			vs, ve, ok := valueBounds(content, r)
			if !ok || string(content[vs:ve]) != r.value {
				return nil, errSpelling
			}
			kg.spans[r] = [2]int{vs, ve}
			es.add(key, r.dest)
			kg.moved = append(kg.moved, ln)
			continue
		}
		if rules.CheckSecretData(rules.DefaultNames, rules.Candidate{Name: key, Value: value}).Match {
			return nil, fmt.Errorf("the literal %s holds a secret that is not moved with the others; move the generator by hand", key)
		}
		if !utf8.ValidString(value) || strings.Contains(value, "{{") {
			return nil, fmt.Errorf("the literal %s holds {{, which an ExternalSecret template cannot carry", key)
		}
		literals.Content = append(literals.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value})
	}
	if len(kg.moved) != len(rs) {
		return nil, errors.New("a value is not a whole literal value")
	}
	if len(literals.Content) > 0 {
		tmpl.Data = *literals
		tmpl.MergePolicy = "Merge"
	}
	if tmpl.Type != "" || tmpl.Metadata != nil || tmpl.MergePolicy != "" {
		es.Spec.Target.Template = tmpl
	}
	kg.es = es
	return kg, nil
}

// maxKustomizationSize bounds the kustomization files read to find
// patches (the tree is untrusted).
const maxKustomizationSize = 1 << 20

// kustomizePatchFiles returns the files of the tree that a kustomization
// uses as patches (patches, patchesStrategicMerge, patchesJson6902),
// each mapped to the kustomization that names it. Appending an
// ExternalSecret to such a file would make it one more patch, of a
// resource that does not exist.
func (o *planEnv) kustomizePatchFiles() map[string]string {
	if o.kustomizePatches != nil {
		return o.kustomizePatches
	}
	out := map[string]string{}
	o.kustomizePatches = out
	if o.root == "" {
		return out
	}
	_ = filepath.WalkDir(o.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		if d.IsDir() {
			if n := d.Name(); p != o.root && (n == ".git" || n == "node_modules" || n == ".secretlint") {
				return filepath.SkipDir
			}
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		if !d.Type().IsRegular() || !isKustomization(d.Name()) {
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		info, err := d.Info()
		if err != nil || info.Size() > maxKustomizationSize {
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		var k struct {
			Patches               []any    `yaml:"patches"`
			PatchesStrategicMerge []string `yaml:"patchesStrategicMerge"`
			PatchesJSON6902       []struct {
				Path string `yaml:"path"`
			} `yaml:"patchesJson6902"`
		}
		if yaml.Unmarshal(content, &k) != nil {
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		rel, err := filepath.Rel(o.root, filepath.Dir(p))
		if err != nil {
			return nil //nolint:nilerr // an unreadable file or directory is no kustomization: skipped
		}
		dir := filepath.ToSlash(rel)
		self := path.Join(dir, d.Name())
		add := func(f string) {
			if f != "" && !strings.Contains(f, "\n") {
				out[path.Join(dir, f)] = self
			}
		}
		for _, f := range k.PatchesStrategicMerge {
			add(f)
		}
		for _, pt := range k.PatchesJSON6902 {
			add(pt.Path)
		}
		for _, pt := range k.Patches {
			switch v := pt.(type) {
			case string:
				add(v)
			case map[string]any:
				if s, ok := v["path"].(string); ok {
					add(s)
				}
			}
		}
		return nil
	})
	return out
}
