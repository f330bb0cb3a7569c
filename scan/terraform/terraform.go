// Package terraform finds secrets in Terraform configuration (*.tf),
// variable files (*.tfvars) and JSON variable files (*.tfvars.json) from
// their syntax tree (github.com/hashicorp/hcl/v2), so that every finding
// knows the block and argument it sits in.
//
// A literal is a quoted string, a heredoc or a number written in the file,
// with no interpolation. References (var.x, local.x, data.…, ephemeral.…,
// resource attributes), function calls and interpolations of them are not
// literals; literals inside a function call (jsonencode({password =
// "…"}), sensitive("…"), coalesce(var.x, "…")) and in the literal parts
// of an interpolated string (a URL with a password before ${var.host})
// are judged.
//
// It finds:
//   - variable blocks whose default is a literal, under a secret name or
//     with sensitive = true (judged as a password whatever the name);
//   - arguments of resource, data, ephemeral, provider, module, backend
//     and nested blocks with secret names (password, master_password,
//     secret_key, access_key, token, client_secret …), and object keys
//     inside them (environment variables, jsonencode documents, {name,
//     value} pairs of container definitions);
//   - the value of an aws_ssm_parameter of type SecureString, and the
//     data entries of a kubernetes_secret;
//   - locals and output values under secret names;
//   - the values of a variable file.
//
// Every literal string is also returned as a Scalar with its block path,
// so that the provider rules' matches (an AWS key in a heredoc, a token
// in a template) are placed in the structure by the caller; heredocs and
// other multi-line literals are returned as Texts, where the caller runs
// its line scanner (export DB_PASSWORD=… in user_data).
package terraform

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// File kinds.
const (
	Config   = "tf"          // *.tf
	Vars     = "tfvars"      // *.tfvars
	VarsJSON = "tfvars.json" // *.tfvars.json
)

// Format is Meta["format"] of every finding and scalar of this package.
const Format = "terraform"

// Meta keys set on findings and scalars (besides "format").
const (
	// MetaFile is the file kind: tf, tfvars or tfvars.json.
	MetaFile = "tf.file"
	// MetaBlock is the top-level block type: resource, data, ephemeral,
	// provider, module, variable, locals, output, terraform … or tfvars
	// for a variable file.
	MetaBlock = "tf.block"
	// MetaLabels are the top-level block's labels, comma-separated
	// (aws_db_instance,main).
	MetaLabels = "tf.labels"
	// MetaResourceType is the first label of a resource, data or
	// ephemeral block (aws_db_instance).
	MetaResourceType = "tf.resource_type"
	// MetaName is the block's name: a resource's second label, a
	// variable's, provider's, module's or output's label, a local's or a
	// tfvars variable's name.
	MetaName = "tf.name"
	// MetaAttribute is the argument of the top-level block (or of the
	// locals block, or the tfvars variable) that holds the value.
	MetaAttribute = "tf.attribute"
	// MetaPath is the path of the value inside the top-level block:
	// password, connection.password, environment.variables.DB_PASSWORD.
	MetaPath = "tf.path"
	// MetaWhole is "true" when the literal is the argument's whole
	// expression (password = "…"), so that remediation can replace the
	// argument; absent when it is part of an object, a call or a template.
	MetaWhole = "tf.whole"
	// MetaSensitive is "true" for a variable declared sensitive = true.
	MetaSensitive = "tf.sensitive"
	// MetaEmbedded is "text" when the secret is a part of a literal (a
	// token inside a heredoc, an export line of user_data): remediation
	// cannot replace the argument with a reference.
	MetaEmbedded = "tf.embedded"
	// MetaInexact is "true" when the secret is a part of a literal written
	// with escape sequences, so that its position is that of the whole
	// literal, not of the secret.
	MetaInexact = "tf.inexact"
)

// Partial marks the metadata of a finding whose secret is only a part of
// the literal it was placed in.
func Partial(meta map[string]string) {
	delete(meta, MetaWhole)
	meta[MetaEmbedded] = "text"
}

// KindOf returns the file kind of a path by its name, or "".
func KindOf(p string) string {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(base, ".tfvars.json"):
		return VarsJSON
	case strings.HasSuffix(base, ".tfvars"):
		return Vars
	case strings.HasSuffix(base, ".tf"):
		return Config
	}
	return ""
}

// Options configures a scan.
type Options struct {
	// Config supplies the secret-name matcher and the enabled rules (nil:
	// defaults).
	Config *rules.Config
	// Path is the file's slash path (for diagnostics).
	Path string
	// Scalars asks for every literal string in Result.Scalars (the
	// multi-line ones are always there), so that provider-rule matches
	// can be placed in the structure.
	Scalars bool
}

// Result is what a scan found.
type Result struct {
	Findings []finding.Finding
	// Scalars are the literal strings with their block paths and
	// metadata, in document order.
	Scalars []yamlscan.Scalar
	// Texts are the regions of multi-line literals (heredocs), where a
	// line scanner finds KEY=value assignments.
	Texts []yamlscan.Span
}

// Scan parses src as a file of the given kind and walks it. A file that
// does not parse returns the error; the caller scans it as text instead.
func Scan(src []byte, kind string, opts Options) (*Result, error) {
	w := &walker{src: src, ix: textpos.New(src), j: judge.New(opts.Config), kind: kind, res: &Result{}, scalars: opts.Scalars}
	switch kind {
	case Config, Vars:
		f, diags := hclsyntax.ParseConfig(src, opts.Path, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, diagError(diags)
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			return nil, fmt.Errorf("not HCL native syntax")
		}
		if kind == Vars {
			w.vars(body)
		} else {
			w.config(body)
		}
	case VarsJSON:
		f, diags := hcljson.Parse(src, opts.Path)
		if diags.HasErrors() {
			return nil, diagError(diags)
		}
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			return nil, diagError(diags)
		}
		list := make([]*hcl.Attribute, 0, len(attrs))
		for _, a := range attrs {
			list = append(list, a)
		}
		slices.SortFunc(list, func(a, b *hcl.Attribute) int { return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte) })
		for _, a := range list {
			c := w.varsCtx(a.Name)
			w.jsonExpr(a.Expr, c, a.Name, a.Name, 0)
		}
	default:
		return nil, fmt.Errorf("unknown Terraform file kind %q", kind)
	}
	slices.SortStableFunc(w.res.Scalars, func(a, b yamlscan.Scalar) int { return cmp.Compare(a.Start, b.Start) })
	return w.res, nil
}

// diagError is the first error of a parse, with its position.
func diagError(diags hcl.Diagnostics) error {
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			if d.Subject != nil {
				return fmt.Errorf("line %d: %s", d.Subject.Start.Line, d.Summary)
			}
			return fmt.Errorf("%s", d.Summary)
		}
	}
	return diags
}

// ErrLine extracts the line of an error returned by Scan, or 0.
func ErrLine(err error) int {
	var line int
	if _, e := fmt.Sscanf(err.Error(), "line %d:", &line); e != nil {
		return 0
	}
	return line
}

type walker struct {
	src     []byte
	ix      *textpos.Index
	j       *judge.Judge
	kind    string
	res     *Result
	scalars bool
}

// ctx is where a value is: its top-level block and the judgement it is
// under.
type ctx struct {
	meta map[string]string // the block's metadata (shared, copied on emit)
	// keyPrefix is the key path of the top-level block (resource.T.N).
	keyPrefix string
	// sensitive judges every literal as a password (sensitive = true,
	// SecureString parameters, set_sensitive).
	sensitive bool
	// secretData judges the entries of a kubernetes_secret's data as the
	// YAML scanner judges a Secret manifest's stringData
	// (kubernetes-secret-data: a literal unless the key is public, such
	// as username or ca.crt).
	secretData bool
}

func (c ctx) keyPath(rel string) string {
	if c.keyPrefix == "" {
		return rel
	}
	if rel == "" {
		return c.keyPrefix
	}
	return c.keyPrefix + "." + rel
}

func (w *walker) varsCtx(name string) ctx {
	return ctx{meta: map[string]string{MetaBlock: "tfvars", MetaName: name, MetaAttribute: name}}
}

// vars walks a variable file: top-level arguments only.
func (w *walker) vars(body *hclsyntax.Body) {
	for _, a := range sortedAttrs(body) {
		w.expr(a.Expr, w.varsCtx(a.Name), a.Name, a.Name, 0)
	}
}

// config walks the top-level blocks of a configuration file.
func (w *walker) config(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		meta := map[string]string{MetaBlock: b.Type}
		if len(b.Labels) > 0 {
			meta[MetaLabels] = strings.Join(b.Labels, ",")
			meta[MetaName] = b.Labels[len(b.Labels)-1]
		}
		prefix := joinPath(b.Type, b.Labels...)
		c := ctx{meta: meta, keyPrefix: prefix}
		switch b.Type {
		case "resource", "data", "ephemeral":
			if len(b.Labels) > 0 {
				meta[MetaResourceType] = b.Labels[0]
			}
			w.resource(b, c)
		case "variable":
			w.variable(b, c)
		case "locals":
			delete(meta, MetaName)
			for _, a := range sortedAttrs(b.Body) {
				lc := c
				lc.meta = clone(meta, MetaName, a.Name)
				w.expr(a.Expr, lc, a.Name, a.Name, 0)
			}
		case "output":
			for _, a := range sortedAttrs(b.Body) {
				name := a.Name
				if a.Name == "value" && len(b.Labels) > 0 {
					name = b.Labels[0] // output "db_password" { value = "…" }
				}
				w.expr(a.Expr, c, name, a.Name, 0)
			}
		default:
			w.body(b.Body, c, "", 0)
		}
	}
}

// variable walks a variable block: the default is judged under the
// variable's name, as a password when the variable is sensitive.
func (w *walker) variable(b *hclsyntax.Block, c ctx) {
	name := ""
	if len(b.Labels) > 0 {
		name = b.Labels[0]
	}
	if a := b.Body.Attributes["sensitive"]; a != nil {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && v.True() {
			c.sensitive = true
			c.meta[MetaSensitive] = "true"
		}
	}
	if a := b.Body.Attributes["default"]; a != nil {
		w.expr(a.Expr, c, name, "default", 0)
	}
}

// resource walks a resource, data or ephemeral block, with the
// type-specific rules.
func (w *walker) resource(b *hclsyntax.Block, c ctx) {
	typ := c.meta[MetaResourceType]
	switch typ {
	case "aws_ssm_parameter":
		// A SecureString parameter's value is a secret whatever it holds.
		if a := b.Body.Attributes["type"]; a != nil {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && v.AsString() == "SecureString" {
				for _, a := range sortedAttrs(b.Body) {
					ac := c
					ac.sensitive = a.Name == "value" || a.Name == "insecure_value"
					w.expr(a.Expr, ac, a.Name, a.Name, 0)
				}
				w.blocks(b.Body, c, "", 0)
				return
			}
		}
	case "kubernetes_secret", "kubernetes_secret_v1":
		for _, a := range sortedAttrs(b.Body) {
			ac := c
			ac.secretData = a.Name == "data"
			w.expr(a.Expr, ac, a.Name, a.Name, 0)
		}
		w.blocks(b.Body, c, "", 0)
		return
	}
	w.body(b.Body, c, "", 0)
}

const maxDepth = 200

// body walks the arguments and nested blocks of a block body at rel.
func (w *walker) body(body *hclsyntax.Body, c ctx, rel string, depth int) {
	if depth > maxDepth {
		return
	}
	for _, a := range sortedAttrs(body) {
		attr := a.Name
		if rel != "" {
			attr = rel + "." + a.Name
		}
		w.expr(a.Expr, c, a.Name, attr, depth)
	}
	w.blocks(body, c, rel, depth)
}

func (w *walker) blocks(body *hclsyntax.Body, c ctx, rel string, depth int) {
	for _, nb := range body.Blocks {
		nrel := joinPath(nb.Type, nb.Labels...)
		if rel != "" {
			nrel = rel + "." + nrel
		}
		if name, ok := pairBlock(nb.Body); ok {
			// set { name = "auth.password"  value = "…" } (helm_release):
			// the value is judged under the name, set_sensitive as a
			// secret whatever the name.
			nrel += "[" + strconv.Quote(name) + "]"
			vc := c
			vc.sensitive = c.sensitive || nb.Type == "set_sensitive"
			for _, a := range sortedAttrs(nb.Body) {
				switch a.Name {
				case "name":
				case "value":
					w.expr(a.Expr, vc, name, nrel+".value", depth+1)
				default:
					w.expr(a.Expr, c, a.Name, nrel+"."+a.Name, depth+1)
				}
			}
			w.blocks(nb.Body, c, nrel, depth+1)
			continue
		}
		w.body(nb.Body, c, nrel, depth+1)
	}
}

// pairBlock reports whether a block body is a {name, value} pair with a
// literal name, and returns the name.
func pairBlock(b *hclsyntax.Body) (string, bool) {
	n, v := b.Attributes["name"], b.Attributes["value"]
	if n == nil || v == nil {
		return "", false
	}
	return literalString(n.Expr)
}

// passThrough are the functions whose result is their (first) argument,
// or a fallback among their arguments: a literal inside is the value of
// the argument they are assigned to.
var passThrough = map[string]bool{
	"sensitive": true, "nonsensitive": true, "tostring": true, "trimspace": true, "chomp": true,
	"trim": true, "coalesce": true, "try": true, "base64encode": true,
}

// expr walks expression e, the value of name at rel (the path inside the
// top-level block; its first segment is the argument).
func (w *walker) expr(e hclsyntax.Expression, c ctx, name, rel string, depth int) {
	w.exprWhole(e, c, name, rel, depth, true)
}

func (w *walker) exprWhole(e hclsyntax.Expression, c ctx, name, rel string, depth int, whole bool) {
	if e == nil || depth > maxDepth {
		return
	}
	switch e := e.(type) {
	case *hclsyntax.TemplateExpr:
		w.template(e, c, name, rel, whole)
	case *hclsyntax.LiteralValueExpr:
		if e.Val.Type() == cty.Number {
			r := e.SrcRange
			text := string(w.src[r.Start.Byte:r.End.Byte])
			sp := yamlscan.Span{Start: r.Start.Byte, End: r.End.Byte, ValStart: r.Start.Byte, ValEnd: r.End.Byte, Exact: true}
			w.judge(c, name, rel, text, sp, whole)
		}
	case *hclsyntax.TemplateWrapExpr:
		w.exprWhole(e.Wrapped, c, name, rel, depth+1, false)
	case *hclsyntax.ParenthesesExpr:
		w.exprWhole(e.Expression, c, name, rel, depth+1, whole)
	case *hclsyntax.FunctionCallExpr:
		argName := ""
		if passThrough[e.Name] {
			argName = name
		}
		for _, a := range e.Args {
			w.exprWhole(a, c, argName, rel, depth+1, false)
		}
	case *hclsyntax.ConditionalExpr:
		w.exprWhole(e.TrueResult, c, name, rel, depth+1, false)
		w.exprWhole(e.FalseResult, c, name, rel, depth+1, false)
	case *hclsyntax.TupleConsExpr:
		item := w.itemName(name)
		for i, it := range e.Exprs {
			w.exprWhole(it, c, item, rel+"["+strconv.Itoa(i)+"]", depth+1, false)
		}
	case *hclsyntax.ObjectConsExpr:
		w.object(e, c, name, rel, depth)
	}
	// References, splats, indexes, for expressions and operators hold no
	// literal value of their own.
}

// itemName is the name the elements of a list named name are judged by:
// the singular of a plural secret name (passwords = ["…"], an
// aws_elasticache_user's, holds passwords).
func (w *walker) itemName(name string) string {
	if s, ok := strings.CutSuffix(name, "s"); ok && s != "" && !w.j.SecretName(name) && w.j.SecretName(s) {
		return s
	}
	return name
}

// valueKeys are object keys that hold the value of the object they are in
// ({ name = "DB_PASSWORD", value = "…" }, password = { value = "…" }).
var valueKeys = map[string]bool{"value": true, "default": true}

// object walks an object constructor.
func (w *walker) object(e *hclsyntax.ObjectConsExpr, c ctx, name, rel string, depth int) {
	// A {name = "X", value = "…"} pair names its value.
	pairName, hasValue := "", false
	for _, it := range e.Items {
		k, ok := objectKey(it.KeyExpr)
		switch {
		case ok && strings.EqualFold(k, "name"):
			if s, ok := literalString(it.ValueExpr); ok {
				pairName = s
			}
		case ok && strings.EqualFold(k, "value"):
			hasValue = true
		}
	}
	if !hasValue {
		pairName = ""
	}
	if pairName != "" {
		// env[0] → env["DB_PASSWORD"], as the YAML scanner names entries.
		if i := strings.LastIndexByte(rel, '['); i >= 0 && strings.HasSuffix(rel, "]") {
			if _, err := strconv.Atoi(rel[i+1 : len(rel)-1]); err == nil {
				rel = rel[:i]
			}
		}
	}
	parentSecret := name != "" && w.j.SecretName(name)
	for _, it := range e.Items {
		k, ok := objectKey(it.KeyExpr)
		if !ok {
			continue
		}
		childName := k
		childRel := yamlscan.JoinKey(rel, k)
		switch {
		case pairName != "" && strings.EqualFold(k, "value"):
			childName = pairName
			childRel = rel + "[" + strconv.Quote(pairName) + "].value"
		case pairName != "" && strings.EqualFold(k, "name"):
			continue
		case parentSecret && valueKeys[strings.ToLower(k)]:
			childName = name
		}
		w.exprWhole(it.ValueExpr, c, childName, childRel, depth+1, false)
	}
}

// objectKey returns the literal name of an object key.
func objectKey(e hclsyntax.Expression) (string, bool) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
				return kw, true
			}
		}
		e = k.Wrapped
	}
	return literalString(e)
}

// literalString returns the value of a string literal without
// interpolation.
func literalString(e hclsyntax.Expression) (string, bool) {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, p := range t.Parts {
		l, ok := p.(*hclsyntax.LiteralValueExpr)
		if !ok || l.Val.Type() != cty.String || !l.Val.IsKnown() || l.Val.IsNull() {
			return "", false
		}
		b.WriteString(l.Val.AsString())
	}
	return b.String(), true
}

// template judges a string template: a literal when it has no
// interpolation, else its literal parts (credentials inside a URL).
func (w *walker) template(e *hclsyntax.TemplateExpr, c ctx, name, rel string, whole bool) {
	r := e.SrcRange
	if v, ok := literalString(e); ok {
		sp := yamlscan.Span{Start: r.Start.Byte, End: r.End.Byte, ValStart: r.Start.Byte, ValEnd: r.End.Byte}
		if len(e.Parts) > 0 {
			sp.ValStart = e.Parts[0].Range().Start.Byte
			sp.ValEnd = e.Parts[len(e.Parts)-1].Range().End.Byte
		} else if r.End.Byte-r.Start.Byte >= 2 && w.src[r.Start.Byte] == '"' {
			sp.ValStart, sp.ValEnd = r.Start.Byte+1, r.Start.Byte+1
		}
		sp.Exact = sp.ValStart <= sp.ValEnd && sp.ValEnd <= len(w.src) && string(w.src[sp.ValStart:sp.ValEnd]) == v
		if strings.Contains(v, "\n") {
			w.res.Texts = append(w.res.Texts, sp)
		}
		w.judge(c, name, rel, v, sp, whole)
		return
	}
	// Interpolated: the literal parts may carry credentials of their own
	// (postgres://admin:…@${var.host}); the name does not decide.
	for _, p := range e.Parts {
		l, ok := p.(*hclsyntax.LiteralValueExpr)
		if !ok {
			w.exprWhole(p, c, "", rel, 1, false)
			continue
		}
		if l.Val.Type() != cty.String || !l.Val.IsKnown() || l.Val.IsNull() {
			continue
		}
		v := l.Val.AsString()
		pr := l.SrcRange
		sp := yamlscan.Span{Start: pr.Start.Byte, End: pr.End.Byte, ValStart: pr.Start.Byte, ValEnd: pr.End.Byte}
		sp.Exact = string(w.src[sp.ValStart:sp.ValEnd]) == v
		if strings.Contains(v, "\n") {
			w.res.Texts = append(w.res.Texts, sp)
		}
		w.judge(c, "", rel, v, sp, false)
	}
}

// judge records literal value v at span sp and reports it when it is a
// secret under name.
func (w *walker) judge(c ctx, name, rel, v string, sp yamlscan.Span, whole bool) {
	kp := c.keyPath(rel)
	var meta map[string]string
	if w.scalars || strings.Contains(v, "\n") {
		meta = w.meta(c, rel, whole)
		w.res.Scalars = append(w.res.Scalars, yamlscan.Scalar{Span: sp, KeyPath: kp, Format: Format, Meta: meta})
	}
	if v == "" {
		return
	}
	if c.secretData && name != "" && name != "data" {
		if !w.j.Enabled("kubernetes-secret-data") {
			return
		}
		if vd := rules.CheckSecretData(w.j.Names, rules.Candidate{Name: name, Value: v}); vd.Match {
			w.emit(c, kp, w.meta(c, rel, whole), sp, v, 0, len(v), "kubernetes-secret-data",
				fmt.Sprintf("kubernetes_secret data entry %q holds a literal value", name), vd.Severity)
		}
		return
	}
	judged := name
	if c.sensitive && !w.j.SecretName(name) {
		// Declared secret: judged as a password (a chosen value may be a
		// word), whatever the name says.
		judged = "password"
	}
	d, ok := w.j.Assignment(judged, v)
	if !ok {
		return
	}
	s, e := d.Span(v)
	meta = w.meta(c, rel, whole) // the finding's own copy
	if !sp.Exact && (s != 0 || e != len(v)) {
		// A part of a literal written with escapes: the finding's
		// position covers the whole literal.
		meta[MetaInexact] = "true"
	}
	what := "argument"
	switch c.meta[MetaBlock] {
	case "variable", "tfvars":
		what = "variable"
	case "locals":
		what = "local"
	case "output":
		what = "output"
	}
	label := name
	if label == "" {
		label = lastSeg(rel)
	}
	msg := d.Message(what, label)
	if c.sensitive && judged != name {
		msg += " (declared sensitive)"
	}
	w.emit(c, kp, meta, sp, v, s, e, d.RuleID, msg, d.Severity)
}

// emit records a finding for the part [s, e) of literal v at span sp.
func (w *walker) emit(c ctx, kp string, meta map[string]string, sp yamlscan.Span, v string, s, e int, rule, msg string, sev finding.Severity) {
	vs, ve := sp.Within(s, e)
	line, col := w.ix.Position(vs)
	eline, ecol := w.ix.Position(ve)
	w.res.Findings = append(w.res.Findings, finding.Finding{
		RuleID: rule, Message: msg, Severity: sev,
		Line: line, Column: col, EndLine: eline, EndColumn: ecol,
		Offset: sp.Start, EndOffset: sp.End,
		KeyPath: kp, Secret: finding.NewSecret(v[s:e]), Meta: meta,
	})
}

// meta returns the metadata of a value at rel.
func (w *walker) meta(c ctx, rel string, whole bool) map[string]string {
	m := make(map[string]string, len(c.meta)+5)
	for k, v := range c.meta {
		m[k] = v
	}
	m["format"] = Format
	m[MetaFile] = w.kind
	m[MetaAttribute] = firstSeg(rel)
	m[MetaPath] = rel
	if whole {
		m[MetaWhole] = "true"
	}
	return m
}

// jsonExpr walks a value of a JSON variable file.
func (w *walker) jsonExpr(e hcl.Expression, c ctx, name, rel string, depth int) {
	if depth > maxDepth {
		return
	}
	if pairs, diags := hcl.ExprMap(e); !diags.HasErrors() {
		for _, p := range pairs {
			kv, kd := p.Key.Value(nil)
			if kd.HasErrors() || kv.Type() != cty.String || !kv.IsKnown() || kv.IsNull() {
				continue
			}
			k := kv.AsString()
			w.jsonExpr(p.Value, c, k, yamlscan.JoinKey(rel, k), depth+1)
		}
		return
	}
	if items, diags := hcl.ExprList(e); !diags.HasErrors() {
		for i, it := range items {
			w.jsonExpr(it, c, name, rel+"["+strconv.Itoa(i)+"]", depth+1)
		}
		return
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return
	}
	r := e.Range()
	sp := yamlscan.Span{Start: r.Start.Byte, End: r.End.Byte, ValStart: r.Start.Byte, ValEnd: r.End.Byte}
	var text string
	switch v.Type() {
	case cty.String:
		text = v.AsString()
		if sp.End-sp.Start >= 2 && w.src[sp.Start] == '"' {
			sp.ValStart, sp.ValEnd = sp.Start+1, sp.End-1
		}
	case cty.Number:
		text = string(w.src[sp.Start:sp.End])
	default:
		return
	}
	sp.Exact = string(w.src[sp.ValStart:sp.ValEnd]) == text
	w.judge(c, name, rel, text, sp, depth == 0)
}

func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *hclsyntax.Attribute) int {
		return cmp.Compare(a.SrcRange.Start.Byte, b.SrcRange.Start.Byte)
	})
	return out
}

// joinPath joins a block type and its labels into a key path.
func joinPath(typ string, labels ...string) string {
	p := typ
	for _, l := range labels {
		p = yamlscan.JoinKey(p, l)
	}
	return p
}

func firstSeg(rel string) string {
	if i := strings.IndexAny(rel, ".["); i >= 0 {
		return rel[:i]
	}
	return rel
}

func lastSeg(rel string) string {
	if i := strings.LastIndexAny(rel, ".]"); i >= 0 && i+1 < len(rel) {
		return rel[i+1:]
	}
	return rel
}

func clone(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

// Worth reports whether a file can hold a finding of this package beyond
// what secret names, URLs and command lines announce (the caller's name
// prefilter): a sensitive variable, a SecureString parameter, a
// Kubernetes secret.
func Worth(src []byte) bool {
	return bytes.Contains(src, []byte("sensitive")) || bytes.Contains(src, []byte("SecureString")) ||
		bytes.Contains(src, []byte("kubernetes_secret"))
}
