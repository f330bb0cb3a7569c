// Package tfrewrite plans the edits that make a Terraform file read a
// secret from AWS Secrets Manager or Vault KV v2 instead of holding it.
// It is the analysis of remediate's terraform consumer: every edit
// replaces one span of the file, keeps the bytes around it (so the rest of
// the file keeps its formatting and a rollback restores it byte for byte),
// and the rewritten file is re-parsed with hclsyntax (encoding/json for
// .tfvars.json).
//
// The forms, by where the literal is (Classify decides from the finding's
// tf.* metadata, set by scan/terraform):
//
//   - KindWriteOnly: an argument of a managed resource that has a
//     write-only twin (aws_db_instance.password → password_wo +
//     password_wo_version; Terraform ≥ 1.11 and a provider that has it),
//     fed by an ephemeral "aws_secretsmanager_secret_version" or ephemeral
//     "vault_kv_secret_v2" block: the value never enters state or plan.
//
//   - KindEphemeral: a literal anywhere in a provider block, fed by the
//     same ephemeral block (providers accept ephemeral values).
//
//   - KindData: a literal anywhere else in a resource, data, module,
//     output or locals block (an argument, an object entry, a nested
//     block, a jsonencode document), read through a data source: data
//     "aws_secretsmanager_secret_version" with jsondecode(…)["KEY"], or
//     data "vault_kv_secret_v2" with .data["KEY"]. Terraform stores the
//     value in its state.
//
//     In both reference forms, a secret that is a part of a string or a
//     heredoc (a password in a URL, an export line of user_data, a PEM
//     block) becomes an interpolation ${…} of the reference, in place.
//
//   - KindVarEnv: a variable's default is removed (sensitive = true added)
//     and the variable comes from the environment, TF_VAR_name, through
//     the env map (secretlint exec -- terraform apply).
//
//   - KindVarsEnv, KindVarsJSONEnv: a top-level assignment of a .tfvars
//     or .tfvars.json file is removed, and supplied as TF_VAR_name.
//
// The data and ephemeral blocks are added once per file, right after the
// top-level block of the last edit that can carry them (its edit spans to
// the end of its block, and the block's remaining bytes are kept in its
// Spelling). A region that holds another finding's value is never taken
// into an edit, so no value other than the edit's own ever enters a plan.
package tfrewrite

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/secretlint-go/secretlint/scan"
)

// Edit kinds.
const (
	KindData        = "tf-data"
	KindEphemeral   = "tf-ephemeral"
	KindWriteOnly   = "tf-write-only"
	KindVarEnv      = "tf-var-env"
	KindVarsEnv     = "tf-tfvars-env"
	KindVarsJSONEnv = "tf-tfvars-json-env"
)

// EnvKind reports whether an edit kind moves the value to the env map.
func EnvKind(kind string) bool {
	return kind == KindVarEnv || kind == KindVarsEnv || kind == KindVarsJSONEnv
}

// Store says where the secrets live.
type Store struct {
	// Backend is "aws" (Secrets Manager, a JSON object per secret) or
	// "vault" (KV v2).
	Backend string
	// Mount is the Vault KV v2 mount (default "secret").
	Mount string
}

func (s Store) mount() string { return cmp.Or(s.Mount, "secret") }

func (s Store) typ() string {
	if s.Backend == "vault" {
		return "vault_kv_secret_v2"
	}
	return "aws_secretsmanager_secret_version"
}

// writeOnly maps resource type and argument to its write-only twin and
// the version argument that triggers an update (AWS provider ≥ 6.0).
var writeOnly = map[string]map[string][2]string{
	"aws_db_instance":                   {"password": {"password_wo", "password_wo_version"}},
	"aws_rds_cluster":                   {"master_password": {"master_password_wo", "master_password_wo_version"}},
	"aws_docdb_cluster":                 {"master_password": {"master_password_wo", "master_password_wo_version"}},
	"aws_redshift_cluster":              {"master_password": {"master_password_wo", "master_password_wo_version"}},
	"aws_secretsmanager_secret_version": {"secret_string": {"secret_string_wo", "secret_string_wo_version"}},
	"aws_ssm_parameter":                 {"value": {"value_wo", "value_wo_version"}},
}

// WriteOnly returns the write-only argument and its version argument for
// an argument of a resource type, if the type has one.
func WriteOnly(resourceType, attr string) (wo, version string, ok bool) {
	p, ok := writeOnly[resourceType][attr]
	return p[0], p[1], ok
}

// FileKind is "tf", "tfvars", "tfvars.json" or "" by a file's name.
func FileKind(name string) string {
	base := strings.ToLower(path.Base(name))
	switch {
	case strings.HasSuffix(base, ".tfvars.json"):
		return "tfvars.json"
	case strings.HasSuffix(base, ".tfvars"):
		return "tfvars"
	case strings.HasSuffix(base, ".tf"):
		return "tf"
	}
	return ""
}

// Classify decides the edit kind of a finding in file from its metadata,
// or says why it is not rewritten.
func Classify(file string, m map[string]string) (kind, reason string) {
	fk := FileKind(file)
	whole := m["tf.whole"] == "true"
	switch {
	case m["format"] != "terraform" || fk == "":
		return "", "not a Terraform finding"
	case m["tf.inexact"] == "true":
		return "", "the secret is a part of a literal written with escape sequences: move it by hand"
	case fk == "tfvars.json" || fk == "tfvars":
		if !whole || m["tf.path"] != m["tf.name"] {
			return "", "a value inside a variable's object or list cannot read from a store: move the whole variable to the env map by hand"
		}
		if fk == "tfvars.json" {
			return KindVarsJSONEnv, ""
		}
		return KindVarsEnv, ""
	case m["tf.block"] == "variable":
		if !whole || m["tf.path"] != "default" {
			return "", "a value inside a variable's default object or list cannot read from a store: move the whole variable to the env map by hand"
		}
		return KindVarEnv, ""
	case m["tf.block"] == "resource" && whole && m["tf.path"] == m["tf.attribute"]:
		if _, _, ok := WriteOnly(m["tf.resource_type"], m["tf.attribute"]); ok {
			return KindWriteOnly, ""
		}
		return KindData, ""
	case m["tf.block"] == "provider":
		return KindEphemeral, ""
	}
	switch m["tf.block"] {
	case "resource", "data", "module", "output", "locals", "ephemeral", "check", "import":
		return KindData, ""
	}
	return "", "a value in a " + m["tf.block"] + " block cannot read from a store"
}

// Label is the label of the data or ephemeral block that reads secret.
func Label(secret string) string {
	var b strings.Builder
	if !strings.HasPrefix(strings.ToLower(secret), "secretlint") {
		b.WriteString("secretlint_")
	}
	for _, c := range secret {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Ref is the expression that reads key of secret through a data or
// ephemeral block (mode "data" or "ephemeral").
func Ref(mode, secret, key string, st Store) string {
	q := quote(key)
	if st.Backend == "vault" {
		return fmt.Sprintf("%s.%s.%s.data[%s]", mode, st.typ(), Label(secret), q)
	}
	return fmt.Sprintf("jsondecode(%s.%s.%s.secret_string)[%s]", mode, st.typ(), Label(secret), q)
}

// modeOf is the block mode an edit kind reads through.
func modeOf(kind string) string {
	if kind == KindData {
		return "data"
	}
	return "ephemeral"
}

// quote writes s as an HCL quoted string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '$' && i+1 < len(s) && s[i+1] == '{', c == '%' && i+1 < len(s) && s[i+1] == '{':
			b.WriteByte(c)
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Request is one value to move.
type Request struct {
	// Offset and End are the finding's span (the value as written).
	Offset, End int
	// Value is the secret.
	Value string
	Kind  string
	// Secret and Key are where the value goes.
	Secret, Key string
}

// Edit replaces content[Offset:End) with Replacement. Prefix, Quote and
// Suffix spell the value in the span: Prefix + value (in double quotes
// when Quote is `"`) + Suffix is exactly content[Offset:End).
type Edit struct {
	Req                   int
	Offset, End           int
	Replacement           string
	Prefix, Quote, Suffix string
}

// Analyse plans the edits of one file for the requests (all for the same
// file); it returns the accepted edits sorted by offset, the reasons of
// the rejected requests (by index), and the file with the edits applied.
func Analyse(content []byte, reqs []Request, st Store) ([]Edit, map[int]string, []byte) {
	rejected := map[int]string{}
	rejectAll := func(reason string) ([]Edit, map[int]string, []byte) {
		for i := range reqs {
			if _, ok := rejected[i]; !ok {
				rejected[i] = reason
			}
		}
		return nil, rejected, content
	}
	isJSON := false
	for _, r := range reqs {
		isJSON = isJSON || r.Kind == KindVarsJSONEnv
	}
	if isJSON {
		return analyseJSON(content, reqs)
	}
	f, diags := hclsyntax.ParseConfig(content, "", hcl.InitialPos)
	if diags.HasErrors() {
		return rejectAll("the file does not parse: " + diags.Error())
	}
	a := &analysis{content: content, body: f.Body.(*hclsyntax.Body), st: st, name: "main.tf"}
	for _, r := range reqs {
		if r.Kind == KindVarsEnv {
			a.name = "vars.tfvars" // scanned as a variable file
		}
	}
	var edits []Edit
	for i, r := range reqs {
		e, reason := a.edit(r)
		if reason != "" {
			rejected[i] = reason
			continue
		}
		e.Req = i
		edits = append(edits, e)
	}
	edits = sortDisjoint(edits, rejected, "overlaps another rewritten value: move it by hand")
	edits = a.addBlocks(edits, reqs, rejected)
	after := apply(content, edits)
	if _, diags := hclsyntax.ParseConfig(after, "", hcl.InitialPos); diags.HasErrors() {
		return rejectAll("the rewritten file would not parse: " + diags.Error())
	}
	return edits, rejected, after
}

// sortDisjoint sorts edits by offset and rejects, with reason, each edit
// that overlaps the one before it.
func sortDisjoint(edits []Edit, rejected map[int]string, reason string) []Edit {
	slices.SortFunc(edits, func(x, y Edit) int { return x.Offset - y.Offset })
	out := edits[:0]
	for _, e := range edits {
		if len(out) > 0 && e.Offset < out[len(out)-1].End {
			rejected[e.Req] = reason
			continue
		}
		out = append(out, e)
	}
	return out
}

// apply returns content with edits (sorted, not overlapping) applied.
func apply(content []byte, edits []Edit) []byte {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(content[last:e.Offset])
		b.WriteString(e.Replacement)
		last = e.End
	}
	b.Write(content[last:])
	return b.Bytes()
}

type analysis struct {
	content []byte
	body    *hclsyntax.Body
	st      Store
	spans   [][2]int // findings(), once
	name    string   // a file name of the content's kind, for the scan
}

// attrAt finds the argument whose expression spans exactly [s, e), with
// its top-level block (nil for a top-level argument).
func (a *analysis) attrAt(s, e int) (*hclsyntax.Attribute, *hclsyntax.Block) {
	match := func(at *hclsyntax.Attribute) bool {
		r := at.Expr.Range()
		return r.Start.Byte == s && r.End.Byte == e
	}
	for _, at := range a.body.Attributes {
		if match(at) {
			return at, nil
		}
	}
	for _, b := range a.body.Blocks {
		for _, at := range b.Body.Attributes {
			if match(at) {
				return at, b
			}
		}
	}
	return nil, nil
}

// topBlock returns the top-level block holding offset, or nil.
func (a *analysis) topBlock(off int) *hclsyntax.Block {
	for _, b := range a.body.Blocks {
		r := b.Range()
		if r.Start.Byte <= off && off < r.End.Byte {
			return b
		}
	}
	return nil
}

// edit plans one request.
func (a *analysis) edit(r Request) (Edit, string) {
	c := a.content
	if r.Offset < 0 || r.End > len(c) || r.Offset >= r.End || r.Value == "" {
		return Edit{}, "the finding's span is not in the file"
	}
	written := string(c[r.Offset:r.End])
	quoted := written == `"`+r.Value+`"` && !strings.ContainsAny(r.Value, `"\`) && !strings.Contains(r.Value, "${") && !strings.Contains(r.Value, "%{")
	plain := written == r.Value // a number, or a value found inside text
	switch r.Kind {
	case KindVarEnv, KindVarsEnv:
		return a.removeLine(r, quoted, plain)
	case KindWriteOnly:
		return a.writeOnly(r, quoted)
	case KindData, KindEphemeral:
	default:
		return Edit{}, "unknown edit kind " + r.Kind
	}
	ref := Ref(modeOf(r.Kind), r.Secret, r.Key, a.st)
	if quoted && a.literalAt(r.Offset, r.End) {
		return Edit{Offset: r.Offset, End: r.End, Replacement: ref, Quote: `"`}, ""
	}
	if plain && a.numberAt(r.Offset, r.End) {
		return Edit{Offset: r.Offset, End: r.End, Replacement: ref}, ""
	}
	// A part of a string or a heredoc: interpolated in place.
	i := strings.Index(written, r.Value)
	if i < 0 || strings.Contains(written[i+1:], r.Value) {
		return Edit{}, "the value is not written once, verbatim, in its place: move it by hand"
	}
	ss, se := r.Offset+i, r.Offset+i+len(r.Value)
	heredoc, ok := a.templatePart(ss, se)
	switch {
	case !ok:
		return Edit{}, "the value is not inside a string: move it by hand"
	case heredoc == "<<-" && strings.Contains(r.Value, "\n"):
		return Edit{}, "a secret of several lines in an indented heredoc (<<-), which strips the indentation the secret is stored with: move it by hand"
	case strings.Contains(r.Value, "${") || strings.Contains(r.Value, "%{") || strings.HasSuffix(r.Value, "$") || strings.HasSuffix(r.Value, "%"):
		return Edit{}, "the secret contains template sequences: move it by hand"
	case heredoc == "" && strings.ContainsAny(r.Value, `"\`):
		return Edit{}, "the secret is written with escapes: move it by hand"
	}
	return Edit{Offset: ss, End: se, Replacement: "${" + ref + "}"}, ""
}

// literalAt reports whether [s, e) is a quoted string literal without
// interpolation.
func (a *analysis) literalAt(s, e int) bool {
	found := false
	_ = hclsyntax.VisitAll(a.body, func(n hclsyntax.Node) hcl.Diagnostics { // the visitor returns no diagnostics
		if t, ok := n.(*hclsyntax.TemplateExpr); ok && t.SrcRange.Start.Byte == s && t.SrcRange.End.Byte == e {
			found = true
			for _, p := range t.Parts {
				if _, ok := p.(*hclsyntax.LiteralValueExpr); !ok {
					found = false
				}
			}
		}
		return nil
	})
	return found
}

// numberAt reports whether [s, e) is a number literal.
func (a *analysis) numberAt(s, e int) bool {
	found := false
	_ = hclsyntax.VisitAll(a.body, func(n hclsyntax.Node) hcl.Diagnostics { // the visitor returns no diagnostics
		if l, ok := n.(*hclsyntax.LiteralValueExpr); ok && l.SrcRange.Start.Byte == s && l.SrcRange.End.Byte == e {
			found = true
		}
		return nil
	})
	return found
}

// templatePart reports whether [s, e) lies inside one literal part of a
// string template or heredoc, and which heredoc opening ("<<", "<<-" or
// "" for a quoted string) the template has.
func (a *analysis) templatePart(s, e int) (string, bool) {
	kind, ok := "", false
	_ = hclsyntax.VisitAll(a.body, func(n hclsyntax.Node) hcl.Diagnostics { // the visitor returns no diagnostics
		t, isT := n.(*hclsyntax.TemplateExpr)
		if !isT {
			return nil
		}
		for _, p := range t.Parts {
			l, isL := p.(*hclsyntax.LiteralValueExpr)
			if !isL || l.SrcRange.Start.Byte > s || l.SrcRange.End.Byte < e {
				continue
			}
			ok = true
			start := a.content[t.SrcRange.Start.Byte:]
			switch {
			case bytes.HasPrefix(start, []byte("<<-")):
				kind = "<<-"
			case bytes.HasPrefix(start, []byte("<<")):
				kind = "<<"
			case bytes.HasPrefix(start, []byte(`"`)):
				kind = ""
			default:
				ok = false
			}
		}
		return nil
	})
	return kind, ok
}

// lineOf returns the start of the line holding off and the end of the
// line holding end (after its line break).
func (a *analysis) lineOf(off, end int) (int, int) {
	ls := bytes.LastIndexByte(a.content[:off], '\n') + 1
	le := bytes.IndexByte(a.content[end:], '\n')
	if le < 0 {
		return ls, len(a.content)
	}
	return ls, end + le + 1
}

// removeLine removes the line of a variable default or a .tfvars
// assignment, adding sensitive = true to a variable that lacks it.
func (a *analysis) removeLine(r Request, quoted, plain bool) (Edit, string) {
	at, blk := a.attrAt(r.Offset, r.End)
	switch {
	case at == nil:
		return Edit{}, "the value is not an argument's whole value"
	case r.Kind == KindVarEnv && (blk == nil || blk.Type != "variable" || at.Name != "default"):
		return Edit{}, "the value is not a variable's default"
	case r.Kind == KindVarsEnv && blk != nil:
		return Edit{}, "the value is not a top-level assignment"
	case !quoted && !plain:
		return Edit{}, "the value is written with escapes or interpolation: move it by hand"
	}
	ls, le := a.lineOf(at.SrcRange.Start.Byte, r.End)
	if strings.TrimSpace(string(a.content[ls:at.SrcRange.Start.Byte])) != "" {
		return Edit{}, "the argument shares its line with another: move it by hand"
	}
	rest := strings.TrimSpace(string(a.content[r.End:le]))
	if rest != "" && !strings.HasPrefix(rest, "#") && !strings.HasPrefix(rest, "//") {
		return Edit{}, "the argument shares its line with another: move it by hand"
	}
	if rest != "" {
		for _, o := range a.findings() {
			if o[0] < le && o[1] > r.End {
				return Edit{}, "the comment after the value holds another finding: move it by hand"
			}
		}
	}
	e := Edit{Offset: ls, End: le, Prefix: string(a.content[ls:r.Offset]), Suffix: string(a.content[r.End:le])}
	if quoted {
		e.Quote = `"`
	}
	if r.Kind == KindVarEnv && blk.Body.Attributes["sensitive"] == nil {
		indent := a.content[ls:at.SrcRange.Start.Byte]
		e.Replacement = string(indent) + "sensitive = true\n"
	}
	return e, ""
}

// writeOnly renames a resource argument to its write-only twin, fed by
// the ephemeral block, and adds the version argument.
func (a *analysis) writeOnly(r Request, quoted bool) (Edit, string) {
	at, blk := a.attrAt(r.Offset, r.End)
	if at == nil || blk == nil || blk.Type != "resource" || len(blk.Labels) != 2 || !quoted || !a.literalAt(r.Offset, r.End) {
		return Edit{}, "the value is not a resource argument's whole literal"
	}
	wo, ver, ok := WriteOnly(blk.Labels[0], at.Name)
	if !ok {
		return Edit{}, blk.Labels[0] + "." + at.Name + " has no write-only form"
	}
	if blk.Body.Attributes[wo] != nil {
		return Edit{}, "the resource already sets " + wo
	}
	ns := at.NameRange.Start.Byte
	prefix := string(a.content[ns:r.Offset]) // password       =
	eq := strings.IndexByte(prefix, '=')
	pad := eq - len(at.Name) // the spaces before =, kept for alignment
	if eq < 0 || pad < 1 {
		pad = 1
	}
	var b strings.Builder
	b.WriteString(wo)
	b.WriteString(strings.Repeat(" ", max(1, pad-(len(wo)-len(at.Name)))))
	b.WriteString("= ")
	b.WriteString(Ref("ephemeral", r.Secret, r.Key, a.st))
	if blk.Body.Attributes[ver] == nil {
		ls, _ := a.lineOf(ns, r.End)
		b.WriteString("\n")
		b.Write(a.content[ls:ns])
		b.WriteString(ver + " = 1")
	}
	return Edit{Offset: ns, End: r.End, Replacement: b.String(), Prefix: prefix, Quote: `"`}, ""
}

// block is a data or ephemeral block to add.
type block struct{ mode, secret string }

func (a *analysis) text(b block) string {
	var s strings.Builder
	fmt.Fprintf(&s, "\n\n%s %q %q {\n", b.mode, a.st.typ(), Label(b.secret))
	if a.st.Backend == "vault" {
		fmt.Fprintf(&s, "  mount = %s\n  name  = %s\n}", quote(a.st.mount()), quote(b.secret))
	} else {
		fmt.Fprintf(&s, "  secret_id = %s\n}", quote(b.secret))
	}
	return s.String()
}

// addBlocks adds the data and ephemeral blocks the edits read through
// (those the file lacks) to a carrier edit: the last edit whose top-level
// block ends with no other edit and no other finding after it. The
// carrier spans to the end of its block; the bytes it takes are kept in
// its Suffix. Without a carrier, the edits that need a block are
// rejected.
func (a *analysis) addBlocks(edits []Edit, reqs []Request, rejected map[int]string) []Edit {
	var need []block
	have := func(b block) bool {
		for _, tb := range a.body.Blocks {
			if tb.Type == b.mode && slices.Equal(tb.Labels, []string{a.st.typ(), Label(b.secret)}) {
				return true
			}
		}
		return slices.Contains(need, b)
	}
	for _, e := range edits {
		r := reqs[e.Req]
		if EnvKind(r.Kind) {
			continue
		}
		if b := (block{modeOf(r.Kind), r.Secret}); !have(b) {
			need = append(need, b)
		}
	}
	if len(need) == 0 {
		return edits
	}
	others := a.findings()
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		if EnvKind(reqs[e.Req].Kind) {
			continue
		}
		tb := a.topBlock(e.Offset)
		if tb == nil {
			continue
		}
		end := tb.Range().End.Byte
		if i+1 < len(edits) && edits[i+1].Offset < end {
			continue // another edit follows in the same block
		}
		clean := true
		for _, o := range others {
			if o[0] < end && o[1] > e.End {
				clean = false
			}
		}
		if !clean {
			continue
		}
		tail := string(a.content[e.End:end])
		var add strings.Builder
		for _, b := range need {
			add.WriteString(a.text(b))
		}
		edits[i].End = end
		edits[i].Suffix += tail
		edits[i].Replacement += tail + add.String()
		return edits
	}
	reason := "no place to add the data or ephemeral block without taking another value into the plan: add the block by hand, then rerun"
	return slices.DeleteFunc(edits, func(e Edit) bool {
		if EnvKind(reqs[e.Req].Kind) {
			return false
		}
		rejected[e.Req] = reason
		return true
	})
}

// findings returns the byte spans of the secrets of every finding of
// the file (any rule), so that a carrier never takes another value into
// its Suffix.
func (a *analysis) findings() [][2]int {
	if a.spans != nil {
		return a.spans
	}
	fs, _ := scan.ScanFile(context.Background(), nil, a.name, a.content)
	starts := []int{0} // line starts
	for i, c := range a.content {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	at := func(line, col int) int {
		if line < 1 || line > len(starts) {
			return len(a.content)
		}
		return min(starts[line-1]+col-1, len(a.content))
	}
	out := make([][2]int, 0, len(fs))
	for _, f := range fs {
		out = append(out, [2]int{at(f.Line, f.Column), at(f.EndLine, f.EndColumn)})
	}
	a.spans = out
	return out
}

// analyseJSON removes the top-level members of a .tfvars.json file.
func analyseJSON(content []byte, reqs []Request) ([]Edit, map[int]string, []byte) {
	rejected := map[int]string{}
	f, diags := hcljson.Parse(content, "")
	var attrs hcl.Attributes
	if !diags.HasErrors() {
		attrs, diags = f.Body.JustAttributes()
	}
	if diags.HasErrors() {
		for i := range reqs {
			rejected[i] = "the file does not parse: " + diags.Error()
		}
		return nil, rejected, content
	}
	var edits []Edit
	for i, r := range reqs {
		var at *hcl.Attribute
		for _, x := range attrs {
			if rg := x.Expr.Range(); rg.Start.Byte == r.Offset && rg.End.Byte == r.End {
				at = x
			}
		}
		if r.Offset < 0 || r.End > len(content) || r.Offset >= r.End {
			rejected[i] = "the finding's span is not in the file"
			continue
		}
		written := string(content[r.Offset:r.End])
		if r.Kind != KindVarsJSONEnv || at == nil || written != `"`+r.Value+`"` || strings.ContainsAny(r.Value, `"\`) {
			rejected[i] = "the value is not a top-level member's whole string, written without escapes"
			continue
		}
		start, end := at.NameRange.Start.Byte, r.End
		j := end
		for j < len(content) && isSpace(content[j]) {
			j++
		}
		if j < len(content) && content[j] == ',' {
			// The comma after, and the line it ends.
			end = j + 1
			for end < len(content) && (content[end] == ' ' || content[end] == '\t' || content[end] == '\r') {
				end++
			}
			if end < len(content) && content[end] == '\n' {
				end++
				for start > 0 && (content[start-1] == ' ' || content[start-1] == '\t') {
					start--
				}
			}
		} else {
			// The last member: the comma before.
			k := start - 1
			for k >= 0 && isSpace(content[k]) {
				k--
			}
			if k >= 0 && content[k] == ',' {
				start = k
			}
		}
		edits = append(edits, Edit{Req: i, Offset: start, End: end, Prefix: string(content[start:r.Offset]), Quote: `"`, Suffix: string(content[r.End:end])})
	}
	edits = sortDisjoint(edits, rejected, "overlaps another removed member: move it by hand")
	after := apply(content, edits)
	if !json.Valid(after) {
		for _, e := range edits {
			rejected[e.Req] = "the rewritten file would not be valid JSON"
		}
		return nil, rejected, content
	}
	return edits, rejected, after
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
