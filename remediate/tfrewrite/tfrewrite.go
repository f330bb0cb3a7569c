// Package tfrewrite rewrites Terraform files so that a secret found by
// scan/terraform is read from AWS Secrets Manager or Vault KV v2 instead
// of being written in the file. Literals are replaced in place (the rest
// of the file keeps its bytes); renames, removals and the added data or
// ephemeral blocks go through hclwrite, so formatting stays; the result
// is re-parsed with hclsyntax (or encoding/json for .tfvars.json).
//
// The forms, by where the literal is:
//
//   - An argument of a managed resource that has a write-only twin
//     (aws_db_instance.password → password_wo + password_wo_version,
//     Terraform ≥ 1.11 and a provider that has it): the argument is
//     renamed, fed by an ephemeral "aws_secretsmanager_secret_version" or
//     ephemeral "vault_kv_secret_v2" block, and the value never enters
//     the state or the plan.
//   - A literal anywhere in a provider block: fed by the same ephemeral
//     block (providers accept ephemeral values), never in state.
//   - A literal anywhere else in a resource, data, module, output or
//     locals block (an argument, an object entry, a nested block, a
//     jsonencode document): a data source (data
//     "aws_secretsmanager_secret_version" with jsondecode(…)["KEY"], or
//     data "vault_kv_secret_v2" with .data["KEY"]). Terraform then stores
//     the value in its state: the outcome says so.
//   - A secret that is a part of a string or a heredoc (a password in a
//     URL, an export line of user_data, a PEM block): the secret's bytes
//     become an interpolation ${…} of the same reference.
//   - A variable's default: the default is removed (sensitive = true is
//     added) and the variable is supplied from the environment as
//     TF_VAR_name (secretlint exec -- terraform apply).
//   - A top-level value of a .tfvars or .tfvars.json file: the assignment
//     is removed and supplied as TF_VAR_name.
//
// A value inside a variable default or a .tfvars object cannot read from
// a store (they hold no expressions): the outcome gives the reason.
package tfrewrite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// Store says where the secrets live.
type Store struct {
	// Backend is "aws" (Secrets Manager, a JSON object per secret) or
	// "vault" (KV v2).
	Backend string
	// Mount is the Vault KV v2 mount (default "secret").
	Mount string
}

// Site is one finding to rewrite.
type Site struct {
	// Offset and EndOffset are the finding's value span (the literal as
	// written, quotes included).
	Offset, EndOffset int
	// Meta is the finding's metadata (tf.* keys of scan/terraform).
	Meta map[string]string
	// SecretOffset and SecretEnd are the byte span of the secret itself
	// (the finding's Line/Column to EndLine/EndColumn); zero means the
	// whole value.
	SecretOffset, SecretEnd int
	// Secret and Key locate the value in the store.
	Secret, Key string
}

// Forms of a rewrite.
const (
	FormWriteOnly = "write-only" // password_wo fed by an ephemeral block
	FormEphemeral = "ephemeral"  // a provider argument fed by an ephemeral block
	FormData      = "data"       // a data source: the value lands in state
	FormEnv       = "env"        // TF_VAR_name from the env map
)

// Notes of the forms.
const (
	noteEphemeral = "the provider reads the value from an ephemeral block: the value stays out of state; needs Terraform >= 1.10"
	noteData      = "read through a data source: Terraform stores the value in its state (protect the state backend); the argument has no write-only form"
)

// Outcome is what happened to one site.
type Outcome struct {
	// Form is one of the Form constants; "" when the site is skipped.
	Form string
	// Reason says why a site is skipped.
	Reason string
	// EnvVar is the TF_VAR_ variable to put in the env map (FormEnv).
	EnvVar string
	// InState is true when the value will be stored in the Terraform
	// state (FormData).
	InState bool
	// Note is a sentence for the plan: the requirement or the caveat.
	Note string
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

// Rewrite rewrites the sites of one Terraform file (name is its slash
// path, for the file kind and the block labels). It returns the new
// content and one outcome per site. The result is re-parsed; an error
// means nothing should be written.
func Rewrite(name string, src []byte, sites []Site, st Store) ([]byte, []Outcome, error) {
	kind := fileKind(name)
	switch kind {
	case "":
		return nil, nil, fmt.Errorf("%s: not a Terraform file", name)
	case "tfvars.json":
		return rewriteJSON(name, src, sites)
	}
	syn, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: %s", name, diags.Error())
	}
	body := syn.Body.(*hclsyntax.Body)
	r := &rewriter{st: st, stem: stem(name), src: src}
	outs := make([]Outcome, len(sites))
	var edits []edit
	var structural []int // sites rewritten through hclwrite
	for i, s := range sites {
		var e *edit
		outs[i], e = r.classify(kind, body, s)
		switch {
		case e != nil:
			edits = append(edits, *e)
			edits[len(edits)-1].site = i
		case outs[i].Form != "":
			structural = append(structural, i)
		}
	}
	// In-place replacements, back to front; an edit overlapping another
	// is skipped.
	slices.SortFunc(edits, func(a, b edit) int { return b.start - a.start })
	out := slices.Clone(src)
	var done []edit
	for _, e := range edits {
		if len(done) > 0 && e.end > done[len(done)-1].start {
			outs[e.site] = Outcome{Reason: "overlaps another rewritten value: move it by hand"}
			continue
		}
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
		done = append(done, e)
	}
	shift := func(off int) int {
		for _, e := range done {
			if e.end <= off {
				off += len(e.text) - (e.end - e.start)
			}
		}
		return off
	}
	wf, diags := hclwrite.ParseConfig(out, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: after the replacements: %s", name, diags.Error())
	}
	syn2, diags := hclsyntax.ParseConfig(out, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: after the replacements: %s", name, diags.Error())
	}
	body2 := syn2.Body.(*hclsyntax.Body)
	for _, i := range structural {
		s := sites[i]
		s.Offset, s.EndOffset = shift(s.Offset), shift(s.EndOffset)
		outs[i] = r.structural(kind, body2, wf, s, outs[i])
	}
	for _, b := range r.blocks {
		if wf.Body().FirstMatchingBlock(b.mode, []string{b.typ, b.label}) != nil {
			continue
		}
		wf.Body().AppendNewline()
		nb := wf.Body().AppendNewBlock(b.mode, []string{b.typ, b.label})
		if st.Backend == "vault" {
			nb.Body().SetAttributeValue("mount", cty.StringVal(r.mount()))
			nb.Body().SetAttributeValue("name", cty.StringVal(b.secret))
		} else {
			nb.Body().SetAttributeValue("secret_id", cty.StringVal(b.secret))
		}
	}
	res := wf.Bytes()
	if _, diags := hclsyntax.ParseConfig(res, name, hcl.InitialPos); diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: the rewritten file does not parse: %s", name, diags.Error())
	}
	return res, outs, nil
}

// edit replaces src[start:end) with text.
type edit struct {
	start, end int
	text       string
	site       int
}

func fileKind(name string) string {
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

// stem is the file's base name without extensions, as a label part.
func stem(name string) string {
	base := path.Base(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return label(base)
}

// label sanitises s into a Terraform identifier part.
func label(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}

type rewriter struct {
	st     Store
	stem   string
	src    []byte
	blocks []addBlock // data and ephemeral blocks to append, in order
}

type addBlock struct{ mode, typ, label, secret string }

func (r *rewriter) mount() string {
	if r.st.Mount == "" {
		return "secret"
	}
	return r.st.Mount
}

// classify decides a site's form; it returns the in-place edit for the
// forms that replace bytes, nil for the structural ones (write-only,
// env) and for skipped sites (Form "").
func (r *rewriter) classify(kind string, body *hclsyntax.Body, s Site) (Outcome, *edit) {
	m := s.Meta
	switch {
	case m["format"] != "terraform":
		return Outcome{Reason: "not a Terraform finding"}, nil
	case m["tf.inexact"] == "true":
		return Outcome{Reason: "the secret is a part of a literal written with escape sequences: move it by hand"}, nil
	case s.Offset < 0 || s.EndOffset > len(r.src) || s.Offset >= s.EndOffset:
		return Outcome{Reason: "the finding's span is outside the file"}, nil
	}
	whole := m["tf.whole"] == "true"
	if kind == "tfvars" || m["tf.block"] == "variable" {
		if whole && (kind == "tfvars" || m["tf.path"] == "default") {
			return Outcome{Form: FormEnv}, nil
		}
		return Outcome{Reason: "a value inside a variable default or a .tfvars object cannot read from a store: move the whole variable to the env map by hand"}, nil
	}
	if m["tf.block"] == "resource" && whole && m["tf.path"] == m["tf.attribute"] {
		if _, _, ok := WriteOnly(m["tf.resource_type"], m["tf.attribute"]); ok {
			return Outcome{Form: FormWriteOnly}, nil
		}
	}
	mode, o := "data", Outcome{Form: FormData, InState: true, Note: noteData}
	switch m["tf.block"] {
	case "provider":
		mode, o = "ephemeral", Outcome{Form: FormEphemeral, Note: noteEphemeral}
	case "resource", "data", "module", "output", "locals", "ephemeral", "check", "import":
	default:
		return Outcome{Reason: "a " + m["tf.block"] + " block is not rewritten"}, nil
	}
	ref := r.ref(mode, s)
	ss, se := s.SecretOffset, s.SecretEnd
	if se <= ss {
		ss, se = s.Offset, s.EndOffset
	}
	written := r.src[s.Offset:s.EndOffset]
	quoted := written[0] == '"' && ss <= s.Offset+1 && se >= s.EndOffset-1
	if m["tf.embedded"] != "" {
		// A part of a heredoc or a template (a line of user_data, a PEM
		// block): interpolated where it is.
		if h := r.heredocAt(body, ss, se); h == "<<-" && bytes.ContainsRune(r.src[ss:se], '\n') {
			return Outcome{Reason: "a secret of several lines in an indented heredoc (<<-), which strips the indentation the secret is stored with: move it by hand"}, nil
		}
		if bytes.Contains(r.src[ss:se], []byte("${")) || bytes.Contains(r.src[ss:se], []byte("%{")) {
			return Outcome{Reason: "the secret contains template sequences: move it by hand"}, nil
		}
		return o, &edit{start: ss, end: se, text: "${" + ref + "}"}
	}
	switch {
	case quoted || ss <= s.Offset && se >= s.EndOffset && written[0] != '<':
		// The whole literal: the reference replaces it.
		return o, &edit{start: s.Offset, end: s.EndOffset, text: ref}
	case r.src[se-1] == '\n':
		// A heredoc's whole content: its closing marker needs the newline.
		return Outcome{Reason: "the secret is the whole content of a heredoc: move it by hand"}, nil
	case (written[0] == '"' || written[0] == '<') && s.Offset < ss && se < s.EndOffset:
		// A part of a string or a heredoc: interpolated.
		return o, &edit{start: ss, end: se, text: "${" + ref + "}"}
	}
	return Outcome{Reason: "the value is not a string literal: move it by hand"}, nil
}

// heredocAt returns the opening of the heredoc ("<<" or "<<-") whose
// template holds [ss, se), or "".
func (r *rewriter) heredocAt(body *hclsyntax.Body, ss, se int) string {
	found := ""
	hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		t, ok := n.(*hclsyntax.TemplateExpr)
		if !ok {
			return nil
		}
		rg := t.SrcRange
		if rg.Start.Byte <= ss && se <= rg.End.Byte && bytes.HasPrefix(r.src[rg.Start.Byte:], []byte("<<")) {
			found = "<<"
			if bytes.HasPrefix(r.src[rg.Start.Byte:], []byte("<<-")) {
				found = "<<-"
			}
		}
		return nil
	})
	return found
}

// structural applies the write-only and env forms through hclwrite.
func (r *rewriter) structural(kind string, body *hclsyntax.Body, wf *hclwrite.File, s Site, o Outcome) Outcome {
	m := s.Meta
	if kind == "tfvars" {
		name := m["tf.name"]
		if body.Attributes[name] == nil {
			return Outcome{Reason: "the variable " + name + " was not found"}
		}
		wf.Body().RemoveAttribute(name)
		v := "TF_VAR_" + name
		return Outcome{Form: FormEnv, EnvVar: v,
			Note: "the assignment is removed; `secretlint exec -- terraform apply` sets " + v + " from the env map (a value for " + name + " in another .tfvars file or -var would still win)"}
	}
	idx, blk := findBlock(body, s)
	if blk == nil {
		return Outcome{Reason: "the block of the finding was not found in the file"}
	}
	wb := wf.Body().Blocks()[idx]
	attr := m["tf.attribute"]
	if wb.Body().GetAttribute(attr) == nil {
		return Outcome{Reason: "the argument " + attr + " was not found"}
	}
	if o.Form == FormEnv {
		if len(blk.Labels) != 1 {
			return Outcome{Reason: "a variable block without one label"}
		}
		wb.Body().RemoveAttribute("default")
		if wb.Body().GetAttribute("sensitive") == nil {
			wb.Body().SetAttributeValue("sensitive", cty.True)
		}
		v := "TF_VAR_" + blk.Labels[0]
		return Outcome{Form: FormEnv, EnvVar: v,
			Note: "the default is removed; run Terraform through `secretlint exec -- terraform apply`, which sets " + v + " from the env map"}
	}
	wo, ver, _ := WriteOnly(m["tf.resource_type"], attr)
	wb.Body().RenameAttribute(attr, wo)
	wb.Body().SetAttributeRaw(wo, exprTokens(r.ref("ephemeral", s)))
	if wb.Body().GetAttribute(ver) == nil {
		wb.Body().SetAttributeValue(ver, cty.NumberIntVal(1))
	}
	return Outcome{Form: FormWriteOnly,
		Note: fmt.Sprintf("%s becomes the write-only %s fed by an ephemeral block: the value stays out of state and plan; needs Terraform >= 1.11 and a provider with %s; increment %s to push a new value", attr, wo, wo, ver)}
}

// exprTokens returns the hclwrite tokens of an expression's text.
func exprTokens(expr string) hclwrite.Tokens {
	f, diags := hclwrite.ParseConfig([]byte("x = "+expr+"\n"), "", hcl.InitialPos)
	if diags.HasErrors() {
		panic("tfrewrite: a reference that does not parse: " + diags.Error())
	}
	return f.Body().GetAttribute("x").Expr().BuildTokens(nil)
}

// findBlock returns the index and the block among the top-level blocks
// that holds the site.
func findBlock(body *hclsyntax.Body, s Site) (int, *hclsyntax.Block) {
	for i, b := range body.Blocks {
		r := b.Range()
		if b.Type != s.Meta["tf.block"] || r.Start.Byte > s.Offset || r.End.Byte < s.EndOffset {
			continue
		}
		if strings.Join(b.Labels, ",") != s.Meta["tf.labels"] {
			continue
		}
		return i, b
	}
	return -1, nil
}

// ref returns the expression reading the site's key through a data or
// ephemeral block, and records the block to append.
func (r *rewriter) ref(mode string, s Site) string {
	typ := "aws_secretsmanager_secret_version"
	if r.st.Backend == "vault" {
		typ = "vault_kv_secret_v2"
	}
	lbl := "secretlint_" + r.stem + "_" + label(s.Secret)
	b := addBlock{mode, typ, lbl, s.Secret}
	if !slices.Contains(r.blocks, b) {
		r.blocks = append(r.blocks, b)
	}
	key := string(hclwrite.TokensForValue(cty.StringVal(s.Key)).Bytes())
	if r.st.Backend == "vault" {
		return fmt.Sprintf("%s.%s.%s.data[%s]", mode, typ, lbl, key)
	}
	return fmt.Sprintf("jsondecode(%s.%s.%s.secret_string)[%s]", mode, typ, lbl, key)
}

// rewriteJSON removes the top-level members of a .tfvars.json file that
// hold the sites.
func rewriteJSON(name string, src []byte, sites []Site) ([]byte, []Outcome, error) {
	outs := make([]Outcome, len(sites))
	f, diags := hcljson.Parse(src, name)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: %s", name, diags.Error())
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: %s", name, diags.Error())
	}
	type member struct{ start, end int }
	var members []member
	for i, s := range sites {
		n := s.Meta["tf.name"]
		a := attrs[n]
		if a == nil || s.Meta["tf.whole"] != "true" || s.Meta["tf.path"] != n {
			outs[i].Reason = "a value inside a .tfvars.json object cannot read from a store: move the whole variable to the env map by hand"
			continue
		}
		members = append(members, member{a.NameRange.Start.Byte, a.Expr.Range().End.Byte})
		v := "TF_VAR_" + n
		outs[i] = Outcome{Form: FormEnv, EnvVar: v,
			Note: "the member is removed; `secretlint exec -- terraform apply` sets " + v + " from the env map (a value for " + n + " in another variable file or -var would still win)"}
	}
	slices.SortFunc(members, func(a, b member) int { return b.start - a.start })
	out := slices.Clone(src)
	for _, m := range members {
		start, end := m.start, m.end
		// The comma after the member, else the one before it.
		j := end
		for j < len(out) && isSpace(out[j]) {
			j++
		}
		if j < len(out) && out[j] == ',' {
			end = j + 1
			for end < len(out) && (out[end] == ' ' || out[end] == '\t') {
				end++
			}
			if end < len(out) && out[end] == '\r' {
				end++
			}
			if end < len(out) && out[end] == '\n' {
				end++
				for start > 0 && (out[start-1] == ' ' || out[start-1] == '\t') {
					start--
				}
			}
		} else {
			k := start - 1
			for k >= 0 && isSpace(out[k]) {
				k--
			}
			if k >= 0 && out[k] == ',' {
				start = k
			}
		}
		out = slices.Concat(out[:start], out[end:])
	}
	if !json.Valid(out) {
		return nil, nil, fmt.Errorf("%s: the rewritten file is not valid JSON", name)
	}
	return out, outs, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SecretSpan converts a finding's 1-based line and byte column positions
// (Line, Column, EndLine, EndColumn) into byte offsets of src; ok is false
// when they do not fit it.
func SecretSpan(src []byte, line, col, endLine, endCol int) (start, end int, ok bool) {
	off := func(l, c int) int {
		if l < 1 || c < 1 {
			return -1
		}
		o := 0
		for i := 1; i < l; i++ {
			j := bytes.IndexByte(src[o:], '\n')
			if j < 0 {
				return -1
			}
			o += j + 1
		}
		o += c - 1
		if o > len(src) {
			return -1
		}
		return o
	}
	start, end = off(line, col), off(endLine, endCol)
	if start < 0 || end < start {
		return 0, 0, false
	}
	return start, end, true
}
