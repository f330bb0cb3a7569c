// Package goscan is the syntax-level detection core for Go source: what
// can be decided from one file's syntax tree, without go.mod, type
// checking or a build. It finds literal strings (constant concatenations
// folded) assigned to secret-named identifiers, struct fields, map keys
// and same-file function parameters; passwords inside URL and connection
// string literals; and literals passed to known credential APIs, matched
// by package-qualified selector with the import path resolved from the
// file's imports (smtp.PlainAuth, mysql.Config{Passwd: …}, stripe.Key).
//
// Methods on values (req.SetBasicAuth) need types to be resolved exactly;
// without them a method sink matches when the file imports the sink's
// package and the method name is distinctive (SetBasicAuth, SetToken,
// SignedString) or, for HTTP headers, the header named is a credential
// header. The type-aware analyzers resolve them exactly.
package goscan

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
)

// Options configures a scan.
type Options struct {
	// Config supplies the secret-name matcher, the sink table and the
	// enabled rules (nil: defaults).
	Config *rules.Config
	// Generated scans files marked "Code generated … DO NOT EDIT." too
	// (skipped by default, as staticcheck does).
	Generated bool
	// Imported, when set, returns the summaries of the package at an
	// import path of the scanned module (nil for another module's): a
	// literal that could be a credential passed to one of its functions is
	// judged where its parameter goes (crosspkg.go).
	Imported func(importPath string) *Summaries
	// Local, when set, returns the summaries of the file's own package
	// (every function of its other files too): a literal that could be a
	// credential passed to a function another file declares is judged
	// where its parameter goes, as go vet does.
	Local func() *Summaries
	// Detect, when set, runs the provider rules over text: the file's
	// constant concatenations are offered to it (folded.go).
	Detect func(content string) []rules.Match
}

// Scan parses src (the file at path, for messages) and scans it. A file
// that does not parse returns the error; what parsed is still scanned.
func Scan(path string, src []byte, opts Options) ([]finding.Finding, error) {
	if !opts.Generated && generatedHeader(src) {
		return nil, nil
	}
	fset := token.NewFileSet()
	// The scanner reads no comment: the file is parsed without them
	// (a sixth less work), and only a file that may say it is generated
	// has its head parsed again with them for ast.IsGenerated.
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if f == nil {
		return nil, err
	}
	if !opts.Generated && bytes.Contains(src, []byte(generatedPrefix)) {
		if h, _ := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly|parser.ParseComments); h != nil && ast.IsGenerated(h) {
			return nil, err
		}
	}
	return ScanFile(fset, f, src, opts), err
}

// generatedPrefix starts the comment line ast.IsGenerated looks for.
const generatedPrefix = "// Code generated "

// generatedHeader is a cheap ast.IsGenerated for the text before the
// package clause: a "// Code generated … DO NOT EDIT." line.
func generatedHeader(src []byte) bool {
	i := bytes.Index(src, []byte("\npackage "))
	if i < 0 {
		return false
	}
	head := src[:i]
	for len(head) > 0 {
		j := bytes.Index(head, []byte("// Code generated "))
		if j < 0 {
			return false
		}
		line := head[j:]
		if k := bytes.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		if bytes.HasSuffix(bytes.TrimRight(line, "\r"), []byte(" DO NOT EDIT.")) && (j == 0 || head[j-1] == '\n') {
			return true
		}
		head = head[j+1:]
	}
	return false
}

// ScanFile scans a parsed file; src is its content (offsets in the
// findings are into src). Findings carry no File; Offset/EndOffset span
// the literal expression as written (quotes included, a folded
// concatenation from its first to its last operand).
func ScanFile(fset *token.FileSet, f *ast.File, src []byte, opts Options) []finding.Finding {
	s := newScanner(fset, f, src, opts)
	s.run()
	return s.out
}

type scanner struct {
	fset    *token.FileSet
	tf      *token.File
	f       *ast.File
	src     []byte
	j       *judge.Judge
	sinks   []rules.Sink
	imports map[string]string   // local name -> import path
	consts  map[string]string   // file-level string constants
	locals  map[string]ast.Expr // names given a value once in the file (pw := "…")
	envs    map[string]string   // names read from an environment variable -> its name
	creds   map[string]string   // names given a credential result once (_, p, _ := r.BasicAuth()) -> its name
	// paramSinks summarises the file's functions (summary.go); sum is set
	// during the summary pass, which records instead of reporting.
	paramSinks map[string]map[int]paramSink
	sum        *summary
	imported   func(string) *Summaries
	// detect runs the provider rules (Options.Detect); folds are the
	// file's maximal constant concatenations, innerAdd their operands
	// (folded.go).
	detect   func(string) []rules.Match
	folds    []folded
	innerAdd map[*ast.BinaryExpr]bool
	// byExpr indexes out by the expression reported; replacing (index+1)
	// is set while a sink finding replaces a name-based one.
	byExpr    map[ast.Expr]int
	replacing int
	litCalls  map[string]bool     // functions called with a string literal argument
	params    map[string][]string // same-file function -> parameter names
	decoders  map[string]bool     // same-file wrappers of a decoder (rules.DecoderWrapper)
	local     func() *Summaries   // the package's summaries (Options.Local)
	// judging is the call being judged, nil outside one; callLits are its
	// literal arguments once asked for (devDefault).
	judging  *ast.CallExpr
	callLits []string
	litsOf   *ast.CallExpr
	// results: same-file functions (not methods) -> the literal each
	// result is given by every return statement, nil where it is not one
	// (results.go).
	results map[string][]ast.Expr
	// resultVars: names given one result of a call of another package's
	// function once (u, p := store.Fallback()), for crosspkg.go.
	resultVars map[string]resultVar
	// Same-file declarations (types.go): methods by name (when the name
	// is declared once) -> parameter names, `type X string` names, struct
	// types -> field names, and composite literals whose type is elided
	// inside a slice or map of a struct type.
	methods  map[string][]string
	strTypes map[string]bool
	structs  map[string][]string
	elided   map[*ast.CompositeLit]string
	done     map[ast.Expr]bool // expressions already reported
	// foreign is set while a constant of another package is reported at
	// its use (crosspkg.go foreignConst).
	foreign bool
	out     []finding.Finding
	// lits are the file's string literals in source order, gathered by
	// collectLocals for the last look at those no rule reported.
	lits []*ast.BasicLit
}

func newScanner(fset *token.FileSet, f *ast.File, src []byte, opts Options) *scanner {
	s := &scanner{fset: fset, tf: fset.File(f.Pos()), f: f, src: src, j: judge.New(opts.Config),
		imports: map[string]string{}, consts: map[string]string{}, locals: map[string]ast.Expr{}, envs: map[string]string{}, creds: map[string]string{}, params: map[string][]string{}, done: map[ast.Expr]bool{}}
	s.imported = opts.Imported
	s.local = opts.Local
	s.detect = opts.Detect
	if opts.Config != nil {
		s.sinks = opts.Config.Sinks
	} else {
		s.sinks = rules.DefaultSinks()
	}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := p[strings.LastIndexByte(p, '/')+1:]
		if isMajorVersion(name) {
			// github.com/jackc/pgx/v5 is imported as pgx.
			q := p[:strings.LastIndexByte(p, '/')]
			name = q[strings.LastIndexByte(q, '/')+1:]
		}
		name = strings.TrimSuffix(strings.TrimPrefix(name, "go-"), ".v2")
		if i := strings.IndexByte(name, '.'); i > 0 {
			name = name[:i] // gopkg.in/gomail.v2 is gomail
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		s.imports[name] = p
	}
	return s
}

func (s *scanner) run() {
	s.prepare()
	s.summarise()
	ast.Inspect(s.f, s.visit)
	s.detectFolded()
	// Any remaining string literal may hold credentials in a URL, a JSON
	// value or a command line.
	for _, lit := range s.lits {
		s.remaining(lit)
	}
}

// prepare collects what the walks look up: file-level string constants,
// same-file function signatures (first, so uses before declarations
// resolve) and the locals given a value once.
func (s *scanner) prepare() {
	for _, d := range s.f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.CONST {
				break
			}
			for _, spec := range d.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if v, ok := s.fold(vs.Values[i]); ok {
							s.consts[n.Name] = v
						}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil && rules.DecoderWrapper(d, s.decoderCall) {
				if s.decoders == nil {
					s.decoders = map[string]bool{}
				}
				s.decoders[d.Name.Name] = true
			}
			if d.Recv == nil {
				if rs := resultLits(d); rs != nil {
					if s.results == nil {
						s.results = map[string][]ast.Expr{}
					}
					s.results[d.Name.Name] = rs
				}
			}
			if d.Type.Params == nil {
				continue
			}
			if d.Recv != nil {
				s.method(d)
				continue
			}
			s.params[d.Name.Name] = fieldNames(d.Type.Params)
		}
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			s.typeDecl(gd)
		}
	}
	s.collectLocals()
}

// remaining judges a string literal no other walk judged.
func (s *scanner) remaining(lit *ast.BasicLit) {
	if s.done[lit] {
		return
	}
	v, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	if strings.ContainsAny(v, "@=") || rules.MayHoldCLIPassword(v) {
		if d, ok := s.j.Assignment("", v); ok && (d.RuleID == "url-credentials" || d.RuleID == "cli-password") && !rules.HelpText(v) {
			s.report(lit, v, d, d.Message("string", ""), "")
			return
		}
	}
	if strings.Contains(v, `":`) && s.j.Enabled("hardcoded-credential") {
		if sp := rules.JSONCredentials(s.j.Names, v); len(sp) > 0 && !rules.HelpText(v) {
			d := judge.Decision{RuleID: "hardcoded-credential", Verdict: rules.Verdict{Match: true, Start: sp[0].Start, End: sp[0].End}}
			s.report(lit, v, d, "JSON string holds a literal credential", "")
		}
	}
}

// fold returns the constant string value of e: string literals, their
// concatenation, parentheses and file-level string constants.
func (s *scanner) fold(e ast.Expr) (string, bool) {
	v, _, ok := s.foldLit(e)
	return v, ok
}

// foldLit is fold that also reports whether a string literal is written
// in e (a finding is reported where a literal is, not at the use of a
// constant's name). It looks only at foldable shapes, so it costs nothing
// on other expressions.
func (s *scanner) foldLit(e ast.Expr) (string, bool, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false, false
		}
		v, err := strconv.Unquote(e.Value)
		return v, true, err == nil
	case *ast.ParenExpr:
		return s.foldLit(e.X)
	case *ast.CompositeLit:
		// The element of a one-element slice: url.Values{"client_secret": {"…"}}.
		if len(e.Elts) == 1 {
			if _, kv := e.Elts[0].(*ast.KeyValueExpr); !kv {
				if _, arr := e.Type.(*ast.ArrayType); arr || e.Type == nil {
					return s.foldLit(e.Elts[0])
				}
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false, false
		}
		a, la, ok := s.foldLit(e.X)
		if !ok {
			return "", false, false
		}
		b, lb, ok := s.foldLit(e.Y)
		return a + b, la || lb, ok
	case *ast.Ident:
		v, ok := s.consts[e.Name]
		return v, false, ok
	case *ast.CallExpr:
		// []byte("…") and string("…") conversions keep the value.
		if len(e.Args) == 1 {
			if at, ok := e.Fun.(*ast.ArrayType); ok && at.Len == nil {
				if id, ok := at.Elt.(*ast.Ident); ok && id.Name == "byte" {
					return s.foldLit(e.Args[0])
				}
			}
			if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "string" || s.strTypes[id.Name]) {
				return s.foldLit(e.Args[0]) // Secret("…") of type Secret string
			}
			if pkg, name, ok := s.pkgSel(e.Fun); ok && rules.IsPointerHelper(pkg, name) || s.decoderCall(e) {
				return s.foldLit(e.Args[0])
			}
			// mustB64("…"): a same-file wrapper of a decoder.
			if id, ok := e.Fun.(*ast.Ident); ok && s.decoders[id.Name] {
				return s.foldLit(e.Args[0])
			}
		}
	}
	return "", false, false
}

// decodedPair returns the call of a two-value definition whose one value
// decodes a literal (key, err := hex.DecodeString("…")), or nil: the
// first name holds the key.
func (s *scanner) decodedPair(values []ast.Expr, names int) *ast.CallExpr {
	if names != 2 || len(values) != 1 {
		return nil
	}
	call, ok := ast.Unparen(values[0]).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !s.decoderCall(call) {
		return nil
	}
	return call
}

// decoderCall reports whether call decodes its one argument into key
// bytes (rules.IsDecoder): hex.DecodeString("…"),
// base64.StdEncoding.DecodeString("…").
func (s *scanner) decoderCall(call *ast.CallExpr) bool {
	if len(call.Args) != 1 {
		return false
	}
	if pkg, name, ok := s.pkgSel(call.Fun); ok && rules.IsDecoder(pkg, name, false) {
		return true
	}
	// base64.StdEncoding.DecodeString("…")
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if pkg, _, ok := s.pkgSel(sel.X); ok && rules.IsDecoder(pkg, sel.Sel.Name, true) {
			return true
		}
	}
	return false
}

// compositeKeys returns the field names a composite literal keys.
func compositeKeys(n *ast.CompositeLit) []string {
	var keys []string
	for _, el := range n.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				keys = append(keys, id.Name)
			}
		}
	}
	return keys
}

// devDefault reports whether v, a literal of the call being judged, is a
// password that repeats another literal argument of the call or is a
// local default (rules.CallDevDefault).
func (s *scanner) devDefault(v string) bool {
	if s.judging == nil {
		return false
	}
	if s.litsOf != s.judging {
		s.litsOf, s.callLits = s.judging, s.callLits[:0]
		for _, a := range s.judging.Args {
			if v, lit, ok := s.foldLit(a); ok && lit {
				s.callLits = append(s.callLits, v)
			}
		}
	}
	return rules.CallDevDefault(v, s.callLits)
}

// pkgSel resolves pkg.Name where pkg is an imported package.
func (s *scanner) pkgSel(e ast.Expr) (path, name string, ok bool) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return "", "", false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return "", "", false
	}
	p, ok := s.imports[id.Name]
	return p, sel.Sel.Name, ok
}

// nameOf returns the name an assignment target or composite-literal key
// gives a value: the identifier, the selected field, the map key.
func (s *scanner) nameOf(e ast.Expr) (name, what string) {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name, "identifier"
	case *ast.SelectorExpr:
		return e.Sel.Name, "field"
	case *ast.IndexExpr:
		if k, ok := s.fold(e.Index); ok {
			return k, "map key"
		}
	case *ast.BasicLit:
		if k, ok := s.fold(e); ok {
			return k, "map key"
		}
	case *ast.StarExpr:
		return s.nameOf(e.X)
	}
	return "", ""
}

func (s *scanner) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ValueSpec:
		for i, id := range n.Names {
			if i < len(n.Values) {
				s.assign(id.Name, "identifier", n.Values[i])
				s.collection(id.Name, n.Values[i])
			}
		}
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			return true
		}
		for i, l := range n.Lhs {
			if pkg, name, ok := s.pkgSel(l); ok {
				if sk, ok := s.sinkVar(pkg, name); ok {
					s.sink(sk, n.Rhs[i], sk.String())
					continue
				}
			}
			name, what := s.nameOf(l)
			s.assign(name, what, n.Rhs[i])
			if what == "identifier" {
				s.collection(name, n.Rhs[i])
				if env := s.envs[name]; env != "" {
					// k := os.Getenv("API_KEY"); if k == "" { k = "…" }
					s.assign(env, "fallback of variable", n.Rhs[i])
				}
			}
		}
	case *ast.CompositeLit:
		s.composite(n)
	case *ast.CallExpr:
		s.call(n)
	case *ast.SwitchStmt:
		// switch apiKey { case "…": }
		if name, what := s.nameOf(n.Tag); n.Tag != nil && (what == "identifier" || what == "field") {
			for _, cl := range n.Body.List {
				if cc, ok := cl.(*ast.CaseClause); ok {
					for _, e := range cc.List {
						s.assign(name, what, e)
					}
				}
			}
		}
	case *ast.FuncDecl:
		s.returns(n)
	case *ast.BinaryExpr:
		if n.Op == token.ADD {
			s.basicAuth(n)
			s.noteFolded(n)
		}
		// password == "…": a literal compared with a secret-named value.
		if n.Op == token.EQL || n.Op == token.NEQ {
			s.compare(n.X, n.Y)
		}
	case *ast.Field:
		// A struct tag default (`default:"…"`) is not judged; fields have
		// no values in Go syntax.
	}
	return true
}

// assign judges value e written under name.
func (s *scanner) assign(name, what string, e ast.Expr) {
	s.assignAs(name, name, what, e)
}

// assignAs is assign judging the value by the name judge (a struct
// field's name in its pair, rules.PairedName) and naming it by name.
func (s *scanner) assignAs(judge, name, what string, e ast.Expr) {
	if name == "" || s.done[e] {
		return
	}
	if s.sum != nil {
		if what == "field" && s.j.SecretName(judge) {
			s.reach(e, paramSink{field: name, where: "field " + name})
		}
		return
	}
	if r, _ := s.callResult(e); r != nil {
		s.assignAs(judge, name, what, r) // Password: fallbackValue()
		return
	}
	v, lit, ok := s.foldLit(e)
	via := ""
	if _, sel := e.(*ast.SelectorExpr); sel && !ok && s.j.SecretName(judge) {
		if c, cname, found := s.foreignConst(e); found {
			v, lit, ok, via = c.value, true, true, " via "+cname+" (declared at "+c.at+")"
			s.foreign = true
			defer func() { s.foreign = false }()
		}
	}
	if !ok || !lit || s.devDefault(v) || what == "identifier" && s.siblingUserDefault(name, v) {
		return
	}
	if d, ok := s.j.Assignment(judge, v); ok {
		if d.RuleID == "hardcoded-credential" && d.End == 0 {
			// "Bearer …": the credential is the part after the
			// authentication scheme, as the analyzers report it.
			if i := strings.Index(v, rules.StripAuthScheme(v)); i > 0 {
				d.Start, d.End = i, len(v)
			}
		}
		s.report(e, v, d, d.Message(what, name)+via, name)
	}
}

// siblingUserDefault reports whether v, the value of the file-level
// constant name, equals the value of the constant naming its user
// (DefaultPGPassword = DefaultPGUser's "haulcraft"): rules.SiblingUserDefault.
func (s *scanner) siblingUserDefault(name, v string) bool {
	if c, ok := s.consts[name]; !ok || c != v {
		return false
	}
	return rules.SiblingUserDefault(name, v, func(n string) (string, bool) {
		c, ok := s.consts[n]
		return c, ok
	})
}

func (s *scanner) composite(n *ast.CompositeLit) {
	// mysql.Config{Passwd: "…"}: a field of a known credential struct.
	var typPkg, typName string
	t := n.Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if pkg, name, ok := s.pkgSel(t); ok {
		typPkg, typName = pkg, name
	}
	s.sameFileComposite(n)
	var named, value ast.Expr
	for _, el := range n.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			switch id.Name {
			case "Name", "Key":
				named = kv.Value
			case "Value":
				value = kv.Value
			}
		}
		name, what := s.nameOf(kv.Key)
		if what == "identifier" {
			what = "field"
		}
		if typPkg != "" {
			if sk, ok := s.sinkField(typPkg, typName, name); ok {
				s.sink(sk, kv.Value, sk.String())
				continue
			}
		}
		judge := name
		switch what {
		case "field":
			if rules.PassField(name) {
				judge = rules.PairedName(name, compositeKeys(n))
			}
		case "map key":
			if v, ok := s.fold(kv.Value); ok {
				judge = rules.EntryName(name, v) // a login's password
			}
		}
		s.assignAs(judge, name, what, kv.Value)
	}
	// EnvVar{Name: "API_TOKEN", Value: "…"}: a name/value pair.
	if named != nil && value != nil {
		if key, ok := s.fold(named); ok {
			s.assign(key, "variable", value)
		}
	}
}

// commandLine checks the literal arguments of a command, joined by
// spaces, for a password given on the command line.
func (s *scanner) commandLine(args []ast.Expr) {
	if !s.j.Enabled("cli-password") {
		return
	}
	var known []ast.Expr
	var texts []string
	for _, a := range args {
		if v, ok := s.fold(a); ok {
			known = append(known, a)
			texts = append(texts, v)
		}
	}
	if i, sp, ok := rules.CommandArgs(texts); ok && !s.done[known[i]] {
		d := judge.Decision{RuleID: "cli-password", Verdict: rules.Verdict{Match: true, Start: sp.Start, End: sp.End}}
		s.report(known[i], texts[i], d, d.Message("argument", ""), "")
	}
}

// sprintf checks a DSN or URL built by fmt.Sprintf from a constant format
// and literal arguments (fmt.Sprintf("host=%s password=%s", h, "…")), a
// variable given a value once included.
func (s *scanner) sprintf(format ast.Expr, args []ast.Expr) {
	f, ok := s.fold(format)
	if !ok || !strings.Contains(f, "%") || !strings.ContainsAny(f, "@=") || !s.j.Enabled("url-credentials") {
		return
	}
	texts := make([]*string, len(args))
	exprs := make([]ast.Expr, len(args))
	for i, a := range args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok {
			if v, ok := s.locals[id.Name]; ok {
				a = v
			}
		}
		if v, lit, ok := s.foldLit(a); ok && lit {
			texts[i], exprs[i] = &v, a
		}
	}
	if i, sp, _, ok := rules.FormatArgs(f, texts); ok && !s.done[exprs[i]] {
		d := judge.Decision{RuleID: "url-credentials", Verdict: rules.Verdict{Match: true, Start: sp.Start, End: sp.End}}
		s.report(exprs[i], *texts[i], d, "argument puts a literal password into a URL or connection string (fmt.Sprintf)", "")
	}
}

// collection judges the elements of a slice or map literal held by a
// plural secret name (passwords := map[string]string{"alice": "…"}) under
// the singular name.
func (s *scanner) collection(name string, value ast.Expr) {
	cl, ok := ast.Unparen(value).(*ast.CompositeLit)
	if !ok {
		return
	}
	if !strings.HasSuffix(name, "s") || s.j.SecretName(name) {
		s.namedCollection(name, cl)
		return
	}
	one := strings.TrimSuffix(name, "s")
	if !s.j.SecretName(one) {
		s.namedCollection(name, cl)
		return
	}
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := s.fold(kv.Key); ok && s.j.SecretName(key) {
				continue // judged under its own key
			}
			elt = kv.Value
		}
		s.assign(one, "identifier", elt)
	}
}

// namedCollection judges the elements of a map, slice or struct literal
// given to a variable whose name says what they are
// (rules.CollectionJudge): basicCreds, partnerSecrets, routingKeys.
func (s *scanner) namedCollection(name string, cl *ast.CompositeLit) {
	switch cl.Type.(type) {
	case *ast.MapType, *ast.ArrayType, *ast.StructType:
	default:
		return // a named type's fields name their values
	}
	judgeName, pairs := rules.CollectionJudge(s.j.Names, name)
	if judgeName == "" && !pairs {
		return
	}
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, _ := s.nameOf(kv.Key); key != "" && s.j.SecretName(key) {
				continue // judged under its own key
			}
			elt = kv.Value
		}
		if pair, ok := ast.Unparen(elt).(*ast.CompositeLit); ok {
			if pairs && len(pair.Elts) == 2 {
				user, ok1 := s.fold(pair.Elts[0])
				pass, lit, ok2 := s.foldLit(pair.Elts[1])
				if ok1 && ok2 && lit && !s.done[pair.Elts[1]] && s.j.Enabled("hardcoded-credential") && rules.CredentialPair(s.j.Names, user, pass) {
					d := judge.Decision{RuleID: "hardcoded-credential", Verdict: rules.Verdict{Match: true}}
					s.report(pair.Elts[1], pass, d, "password of a login in "+name+" holds a literal credential", name)
				}
			}
			continue
		}
		if judgeName != "" {
			s.assignAs(judgeName, name, "element", elt)
		}
	}
}

// fieldNames lists the names of a parameter or result list, one per
// value, "" for an unnamed one.
func fieldNames(fl *ast.FieldList) []string {
	var names []string
	for _, fld := range fl.List {
		if len(fld.Names) == 0 {
			names = append(names, "")
		}
		for _, n := range fld.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// returns judges the literals a function returns by the names of its
// results, or for a single result by the function's name without a
// leading verb (apiToken, getDBPassword).
func (s *scanner) returns(fn *ast.FuncDecl) {
	if fn.Body == nil || fn.Type.Results == nil {
		return
	}
	names := fieldNames(fn.Type.Results)
	judge := ""
	if len(names) == 1 && names[0] == "" {
		names[0] = rules.ResultName(fn.Name.Name)
		if !s.j.SecretName(names[0]) {
			judge, _ = rules.KeyJudge(names[0]) // oceanKey(): an API key
		}
	}
	if len(names) == 2 && names[0] == "" && names[1] == "" {
		s.loginPair(fn)
		return
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == len(names) {
				for i, r := range n.Results {
					if judge != "" {
						s.assignAs(judge, names[i], "result", r)
					} else if names[i] != "" && names[i] != "_" {
						s.assign(names[i], "result", r)
					}
				}
			}
		}
		return true
	})
}

func (s *scanner) call(n *ast.CallExpr) {
	// The call's literal arguments: a password among them that repeats
	// another or is a local default is no secret (rules.CallDevDefault).
	s.judging = n
	defer func() { s.judging = nil }()
	if env, fb := s.envFallback(n); fb != nil {
		s.assign(env, "fallback of variable", fb) // cmp.Or(os.Getenv("API_KEY"), "…")
	}
	s.summarisedCall(n)
	if pkg, name, ok := s.pkgSel(n.Fun); ok {
		s.importedCall(n, pkg, name)
		s.keyfuncs(n, pkg, name)
		s.flagDefault(n, pkg, name)
		if rules.EqualityFunc(pkg, name) && len(n.Args) >= 2 {
			s.compare(n.Args[0], n.Args[1]) // subtle.ConstantTimeCompare([]byte(tok), []byte("…"))
		}
		if pkg == "os/exec" && (name == "Command" || name == "CommandContext") {
			s.commandLine(n.Args)
		}
		if pkg == "fmt" && name == "Sprintf" && len(n.Args) >= 2 {
			s.sprintf(n.Args[0], n.Args[1:])
		}
		for _, sk := range s.sinks {
			if sk.Type != "" || sk.Func != name || !sk.MatchesPackage(pkg) || sk.Arg >= len(n.Args) {
				continue
			}
			switch sk.Kind {
			case rules.SinkHeader:
				if sk.NameArg < len(n.Args) {
					if h, ok := s.fold(n.Args[sk.NameArg]); ok && (rules.SecretHeader(s.j.Names, h) || s.schemeValue(n.Args[sk.Arg])) {
						s.sink(sk, n.Args[sk.Arg], h)
					}
				}
			case rules.SinkEnv:
				// os.Setenv("DB_PASSWORD", "…"): the sink's rule, as the
				// analyzers report it.
				if sk.NameArg < len(n.Args) {
					if h, ok := s.fold(n.Args[sk.NameArg]); ok && s.j.SecretName(h) {
						s.sink(sk, n.Args[sk.Arg], sk.Package+"."+sk.Func+" of "+h)
					}
				}
			case rules.SinkSecretMap:
				// Vault writes of map literals: secret-named keys are
				// judged by the composite-literal walk.
			default:
				s.sink(sk, n.Args[sk.Arg], sk.Package+"."+sk.Func)
			}
		}
		return
	}
	if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
		s.methodCall(n, sel.Sel.Name)
		s.flagMethod(n, sel)
	}
	// form.Set("password", "…"), getenv("DB_PASSWORD", "…").
	if len(n.Args) >= 2 && rules.KeyedCall(rules.CalleeName(n.Fun)) {
		if key, ok := s.fold(n.Args[0]); ok && rules.IsKeyName(key) {
			s.assign(key, "key", n.Args[1])
		}
	}
	// A call to a function or method of this file: literals passed to
	// secret-named parameters.
	if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
		for i, name := range s.methods[sel.Sel.Name] {
			if i < len(n.Args) && name != "" {
				s.assign(name, "parameter", n.Args[i])
			}
		}
	}
	if id, ok := n.Fun.(*ast.Ident); ok {
		if names, ok := s.params[id.Name]; ok {
			for i, a := range n.Args {
				if i < len(names) && names[i] != "" {
					s.assign(names[i], "parameter", a)
				}
			}
		}
	}
}

// compare judges a comparison of x with y (==, !=, an equality function):
// a literal on one side compared with a credential on the other is the
// credential expected.
func (s *scanner) compare(x, y ast.Expr) {
	for _, pair := range [2][2]ast.Expr{{x, y}, {y, x}} {
		if name, what := s.operandName(pair[0]); name != "" {
			s.assign(name, what, pair[1])
		}
	}
}

// operandName names the value an operand of a comparison holds, as the
// analyzers do: its identifier or field name, else what it was read
// from: the password of r.BasicAuth(), a request value or environment
// variable looked up under a secret-named key (r.Header.Get("Authorization")),
// directly or through a variable given a value once.
func (s *scanner) operandName(e ast.Expr) (string, string) {
	e = unconvert(e)
	switch x := e.(type) {
	case *ast.Ident:
		if _, isConst := s.consts[x.Name]; isConst || s.j.SecretName(x.Name) {
			if isConst {
				return "", ""
			}
			return x.Name, "identifier"
		}
		if c := s.creds[x.Name]; c != "" {
			return c, "value"
		}
		if v, ok := s.locals[x.Name]; ok {
			if call, ok := unconvert(v).(*ast.CallExpr); ok {
				if key := s.keyedGet(call); key != "" {
					return key, "value of"
				}
			}
		}
		return x.Name, "identifier"
	case *ast.SelectorExpr:
		return x.Sel.Name, "field"
	case *ast.CallExpr:
		if key := s.keyedGet(x); key != "" {
			return key, "value of"
		}
	}
	return "", ""
}

// keyedGet returns the key of a lookup under a secret-named key
// (r.Header.Get("Authorization"), os.Getenv("API_TOKEN")), else "".
func (s *scanner) keyedGet(call *ast.CallExpr) string {
	if len(call.Args) != 1 || !rules.KeyedGetter(rules.CalleeName(call.Fun)) {
		return ""
	}
	key, ok := s.fold(call.Args[0])
	if !ok || !rules.IsKeyName(key) || !s.j.SecretName(key) {
		return ""
	}
	return key
}

// unconvert strips parentheses and []byte or string conversions.
func unconvert(e ast.Expr) ast.Expr {
	for range 4 {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		switch f := call.Fun.(type) {
		case *ast.ArrayType:
			if id, ok := f.Elt.(*ast.Ident); !ok || f.Len != nil || id.Name != "byte" && id.Name != "rune" {
				return e
			}
		case *ast.Ident:
			if f.Name != "string" {
				return e
			}
		default:
			return e
		}
		e = call.Args[0]
	}
	return e
}

// flagDefault judges the default value of a command-line flag of package
// pkg under the flag's name: flag.String("db-password", "…", usage).
func (s *scanner) flagDefault(n *ast.CallExpr, pkg, fn string) {
	nameArg, valueArg, ok := rules.FlagDefault(pkg, fn)
	if !ok || valueArg >= len(n.Args) {
		return
	}
	if name, ok := s.fold(n.Args[nameArg]); ok {
		s.assign(name, "flag default", n.Args[valueArg])
	}
}

// flagMethod judges flag defaults set through methods, which need the
// file's imports without types: fs.StringVar(&p, "db-password", "…", u)
// and cobra's cmd.Flags().StringVarP(…) when the file imports flag, pflag
// or cobra; kingpin's app.Flag("db-password", help).Default("…") when it
// imports kingpin.
func (s *scanner) flagMethod(n *ast.CallExpr, sel *ast.SelectorExpr) {
	if _, _, isPkg := s.pkgSel(sel); isPkg {
		return
	}
	for _, p := range s.imports {
		if fp := rules.FlagImport(p); fp != "" {
			if _, _, ok := rules.FlagDefault(fp, sel.Sel.Name); ok {
				s.flagDefault(n, fp, sel.Sel.Name)
				return
			}
		}
		if rules.KingpinPackage(p) && sel.Sel.Name == "Default" && len(n.Args) == 1 {
			for recv := sel.X; ; {
				call, ok := ast.Unparen(recv).(*ast.CallExpr)
				if !ok {
					return
				}
				if rules.CalleeName(call.Fun) == "Flag" && len(call.Args) >= 1 {
					if name, ok := s.fold(call.Args[0]); ok {
						s.assign(name, "flag default", n.Args[0])
					}
					return
				}
				fsel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
				if !ok {
					return
				}
				recv = fsel.X
			}
		}
	}
}

// basicAuth checks "Basic " + base64.StdEncoding.EncodeToString([]byte("user:pass")):
// an Authorization value built at run time from a literal credential, as
// the analyzers check it.
func (s *scanner) basicAuth(n *ast.BinaryExpr) {
	if s.sum != nil || !s.j.Enabled("credential-sink") {
		return
	}
	prefix, ok := s.fold(n.X)
	if !ok || !strings.EqualFold(strings.TrimSpace(prefix), "basic") {
		return
	}
	call, ok := ast.Unparen(n.Y).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "EncodeToString" {
		return
	}
	if pkg, _, ok := s.pkgSel(sel.X); !ok || pkg != "encoding/base64" {
		return
	}
	v, lit, ok := s.foldLit(call.Args[0])
	if !ok || !lit {
		return
	}
	i := strings.IndexByte(v, ':')
	if i <= 0 || i == len(v)-1 || strings.ContainsAny(v, " \t\n") {
		return
	}
	if vd := rules.CheckSinkLiteral(rules.Candidate{Value: v[i+1:]}); vd.Match {
		d := judge.Decision{RuleID: "credential-sink", Verdict: rules.Verdict{Match: true, Start: i + 1, End: len(v)}}
		s.report(call.Args[0], v, d, "basic-auth password in a literal encoded into an Authorization header", "")
	}
}

// schemeValue reports whether a header value folds to one that carries
// a credential by its form (rules.SchemeCredential): "Bearer …",
// "Token token=…", under any header name.
func (s *scanner) schemeValue(e ast.Expr) bool {
	if s.sum != nil {
		return false // a parameter's value is not known
	}
	v, ok := s.fold(e)
	if !ok {
		return false
	}
	_, ok = rules.SchemeCredential(s.j.Names, v)
	return ok
}

// genericMethods are method names too common to identify a sink without
// types.
var genericMethods = map[string]bool{"Set": true, "Add": true, "Put": true, "Write": true, "New": true, "Open": true, "Get": true, "Do": true}

// methodCall matches x.Method(…) against method sinks of packages the
// file imports.
func (s *scanner) methodCall(n *ast.CallExpr, name string) {
	for _, sk := range s.sinks {
		if sk.Type == "" || sk.Func != name || sk.Arg >= len(n.Args) || !s.importsPackage(sk) {
			continue
		}
		switch {
		case sk.Kind == rules.SinkHeader:
			if sk.NameArg < len(n.Args) {
				if h, ok := s.fold(n.Args[sk.NameArg]); ok && (rules.SecretHeader(s.j.Names, h) || s.schemeValue(n.Args[sk.Arg])) {
					s.sink(sk, n.Args[sk.Arg], h)
				}
			}
		case sk.Kind == rules.SinkCommand:
			verb := func(i int) (string, bool) { return s.fold(n.Args[i]) }
			if i, ok := rules.CommandPassword(len(n.Args), sk.NameArg, verb); ok && !n.Ellipsis.IsValid() {
				pw := sk
				pw.Kind = rules.SinkPassword
				s.sink(pw, n.Args[i], "the password of an AUTH command to (*"+sk.Package+"."+sk.Type+")."+sk.Func)
			}
		case sk.Kind == rules.SinkSecretMap || genericMethods[name]:
		default:
			s.sink(sk, n.Args[sk.Arg], "(*"+sk.Package+"."+sk.Type+")."+sk.Func)
		}
		return
	}
}

func (s *scanner) importsPackage(sk rules.Sink) bool {
	for _, p := range s.imports {
		if sk.MatchesPackage(p) {
			return true
		}
	}
	return false
}

func (s *scanner) sinkVar(pkg, name string) (rules.Sink, bool) {
	for _, sk := range s.sinks {
		if sk.Var == name && sk.MatchesPackage(pkg) {
			return sk, true
		}
	}
	return rules.Sink{}, false
}

func (s *scanner) sinkField(pkg, typ, field string) (rules.Sink, bool) {
	for _, sk := range s.sinks {
		if sk.Field == field && sk.Type == typ && sk.MatchesPackage(pkg) {
			return sk, true
		}
	}
	return rules.Sink{}, false
}

// collectLocals records the variables given a value exactly once in the
// file (pw := "…"; r.SetBasicAuth("u", pw)), so that a sink can follow
// them to the literal. A name assigned twice anywhere in the file, even in
// another function, is left alone.
func (s *scanner) collectLocals() {
	count := map[string]int{}
	credDefs := map[string]int{}   // definitions by a credential result
	other := map[string]ast.Expr{} // the value besides an environment lookup
	ast.Inspect(s.f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					count[id.Name]++
					var val ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						val = n.Rhs[i]
					} else if i == 0 && len(n.Rhs) == 1 {
						val = n.Rhs[0] // v, ok := os.LookupEnv("NAME")
					}
					if env, ok := s.envLookup(val); ok {
						s.envs[id.Name] = env
					} else if val != nil && len(n.Lhs) == len(n.Rhs) {
						other[id.Name] = val
					}
					if len(n.Lhs) == len(n.Rhs) && n.Tok == token.DEFINE {
						s.locals[id.Name] = n.Rhs[i]
					} else if call := s.decodedPair(n.Rhs, len(n.Lhs)); call != nil && i == 0 && n.Tok == token.DEFINE {
						s.locals[id.Name] = call // seed, err := hex.DecodeString("…")
					} else if r := s.resultOf(n.Rhs[0], i, len(n.Lhs)); r != nil && len(n.Rhs) == 1 && n.Tok == token.DEFINE {
						s.locals[id.Name] = r // u, p := fallback()
					} else if call, ok := n.Rhs[0].(*ast.CallExpr); ok && len(n.Rhs) == 1 && n.Tok == token.DEFINE && s.imported != nil {
						if _, ok := call.Fun.(*ast.SelectorExpr); ok {
							if s.resultVars == nil {
								s.resultVars = map[string]resultVar{}
							}
							s.resultVars[id.Name] = resultVar{call, i, len(n.Lhs)} // u, p := store.Fallback()
						}
					}
					if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && len(n.Rhs) == 1 && len(n.Lhs) > 1 {
						if c := rules.CredentialResult(rules.CalleeName(call.Fun), i, len(n.Lhs)); c != "" && (s.creds[id.Name] == "" || s.creds[id.Name] == c) {
							s.creds[id.Name] = c // _, p, _ := r.BasicAuth()
							credDefs[id.Name]++
						}
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				count[id.Name]++
				if len(n.Names) == len(n.Values) {
					s.locals[id.Name] = n.Values[i]
					if env, ok := s.envLookup(n.Values[i]); ok {
						s.envs[id.Name] = env
					}
				} else if call := s.decodedPair(n.Values, len(n.Names)); call != nil && i == 0 {
					s.locals[id.Name] = call // var kek, _ = base64.StdEncoding.DecodeString("…")
				}
			}
		case *ast.Field: // parameters and results shadow
			for _, id := range n.Names {
				count[id.Name] += 2
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				s.lits = append(s.lits, n)
			}
		case *ast.CallExpr:
			// f("…"): a call that a summary of f could judge (summary.go).
			if id, ok := n.Fun.(*ast.Ident); ok {
				for _, a := range n.Args {
					if b, ok := a.(*ast.BasicLit); ok && b.Kind == token.STRING {
						if s.litCalls == nil {
							s.litCalls = map[string]bool{}
						}
						s.litCalls[id.Name] = true
						break
					}
				}
			}
		}
		return true
	})
	for name, n := range count {
		switch {
		case n == 2 && s.envs[name] != "" && other[name] != nil:
			// k := os.Getenv("K"); if k == "" { k = "…" }: the fallback
			// is the value the name holds when the variable is unset.
			s.locals[name] = other[name]
		case n != 1:
			delete(s.locals, name)
			delete(s.resultVars, name)
			if credDefs[name] != n {
				// Every definition of the name, in every function of
				// the file, takes the same credential result.
				delete(s.creds, name)
			}
			if n > 2 {
				delete(s.envs, name)
			}
		}
	}
}

// envLookup returns the environment variable e reads when it is
// os.Getenv("NAME") or os.LookupEnv("NAME").
func (s *scanner) envLookup(e ast.Expr) (string, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	pkg, name, ok := s.pkgSel(call.Fun)
	if !ok || !rules.EnvLookup(pkg, name) {
		return "", false
	}
	return s.fold(call.Args[0])
}

// envFallback recognises cmp.Or(os.Getenv("NAME"), "…"): the variable's
// name and the literal returned when it is unset.
func (s *scanner) envFallback(call *ast.CallExpr) (string, ast.Expr) {
	pkg, name, ok := s.pkgSel(call.Fun)
	if !ok || !rules.FirstNonEmpty(pkg, name) || len(call.Args) < 2 {
		return "", nil
	}
	env := ""
	for _, a := range call.Args {
		if n, ok := s.envLookup(a); ok {
			if env == "" {
				env = n
			}
			continue
		}
		if _, ok := s.fold(a); ok && env != "" {
			return env, a
		}
		return "", nil
	}
	return "", nil
}

// sink judges a literal reaching a credential API.
func (s *scanner) sink(sk rules.Sink, e ast.Expr, where string) {
	if s.sum != nil {
		s.reach(e, paramSink{sink: sk, where: where})
		return
	}
	if s.done[e] {
		// A literal judged by its name first (k := "…" with a secret
		// name, then req.SetBasicAuth(u, k)) is reported as the sink's,
		// as the analyzers report it: the sink rule takes precedence.
		i, ok := s.byExpr[e]
		if !ok || s.out[i].RuleID != "hardcoded-credential" {
			return
		}
		s.replacing = i + 1
		defer func() { s.replacing = 0 }()
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := s.locals[id.Name]; ok && v != e {
			delete(s.locals, id.Name) // no cycles
			s.sink(sk, v, where+" via "+id.Name)
			return
		}
	}
	if r, fn := s.callResult(e); r != nil {
		s.sink(sk, r, where+" via "+fn+"()")
		return
	}
	if r, call, name := s.foreignResult(e); r != nil {
		// A literal returned by a function of another package of the
		// module that does not report it: reported at the call.
		s.foreign = true
		s.sinkValue(sk, call, r.value, where+" via "+name+" (returned at "+r.at+")")
		s.foreign = false
		return
	}
	if c, name, ok := s.foreignConst(e); ok {
		// A constant of another package of the module whose declaration
		// is not reported: this use is the first place it is seen.
		s.foreign = true
		s.sinkValue(sk, e, c.value, where+" via "+name+" (declared at "+c.at+")")
		s.foreign = false
		return
	}
	v, lit, ok := s.foldLit(e)
	if !ok || !lit || s.devDefault(v) {
		return
	}
	s.sinkValue(sk, e, v, where)
}

// sinkValue judges value v of e reaching sink sk.
func (s *scanner) sinkValue(sk rules.Sink, e ast.Expr, v, where string) {
	id := sk.RuleID()
	if !s.j.Enabled(id) {
		return
	}
	var vd rules.Verdict
	switch sk.Kind {
	case rules.SinkDSN:
		vd = rules.CheckURLCredentials(rules.Candidate{Name: where, Value: v})
	case rules.SinkHeader:
		// The credential after an authentication scheme, or after its
		// parameter's name (Token token=…).
		off := 0
		if start, ok := rules.SchemeCredential(s.j.Names, v); ok {
			off = start
		} else if i := strings.Index(v, rules.StripAuthScheme(v)); i > 0 {
			off = i
		}
		vd = rules.CheckSinkLiteral(rules.Candidate{Name: where, Value: v[off:]})
		if vd.Match {
			if vd.End == 0 {
				vd.Start, vd.End = 0, len(v)-off
			}
			vd.Start += off
			vd.End += off
		}
	default:
		vd = rules.CheckSinkLiteral(rules.Candidate{Name: where, Value: v})
		if vd.Match && vd.End == 0 {
			// The credential after an authentication scheme ("Bearer ").
			if i := strings.Index(v, rules.StripAuthScheme(v)); i > 0 {
				vd.Start, vd.End = i, len(v)
			}
		}
	}
	if !vd.Match {
		return
	}
	if a, b := (judge.Decision{Verdict: vd}).Span(v); rules.Classify(v[a:b]).Kind == rules.KindExample {
		// AWS's documentation keys: the analyzers' aws-example-key.
		if id = "aws-example-key"; !s.j.Enabled(id) {
			return
		}
	}
	d := judge.Decision{RuleID: id, Verdict: vd}
	msg := fmt.Sprintf("literal passed to %s, which takes a credential", where)
	if id == "jwt-signing-key" {
		msg = fmt.Sprintf("literal used as the signing key of %s: whoever reads it can forge signatures", where)
	}
	s.report(e, v, d, msg, where)
}

// report records a finding for value v of expression e.
func (s *scanner) report(e ast.Expr, v string, d judge.Decision, msg, keyPath string) {
	if s.sum != nil {
		return // the summary pass reports nothing
	}
	if s.byExpr == nil {
		s.byExpr = map[ast.Expr]int{}
	}
	s.done[e] = true
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok {
			s.done[x] = true
		}
		return true
	})
	start, end := s.offset(e.Pos()), s.offset(e.End())
	a, b := d.Span(v)
	if !s.foreign && !s.writtenHere(e, a, b) {
		// "Bearer " + apiToken: the secret is the constant's, reported
		// where the constant is declared; this use is no new finding.
		return
	}
	secret := v[a:b]
	// The secret's own bytes, when the expression is one literal written
	// without escapes; else the whole expression.
	ss, se := start, end
	if lit, ok := soleLit(e); ok && len(lit.Value) >= 2 && lit.Value[1:len(lit.Value)-1] == v {
		ls := s.offset(lit.Pos())
		ss, se = ls+1+a, ls+1+b
	}
	line, col := s.position(ss)
	eline, ecol := s.position(se)
	f := finding.Finding{
		RuleID: d.RuleID, Message: msg, Severity: d.Severity,
		Line: line, Column: col, EndLine: eline, EndColumn: ecol,
		Offset: start, EndOffset: end, KeyPath: keyPath,
		Secret: finding.NewSecret(secret),
		Meta:   map[string]string{"format": "go"},
	}
	if i := s.replacing - 1; i >= 0 {
		s.out[i] = f
		return
	}
	s.byExpr[e] = len(s.out)
	s.out = append(s.out, f)
}

// writtenHere reports whether bytes [a, b) of e's folded value overlap a
// literal written in e, not only constants it names.
func (s *scanner) writtenHere(e ast.Expr, a, b int) bool {
	here := false
	var walk func(e ast.Expr, off int) int
	walk = func(e ast.Expr, off int) int {
		switch x := ast.Unparen(e).(type) {
		case *ast.BinaryExpr:
			if x.Op == token.ADD {
				n := walk(x.X, off)
				return n + walk(x.Y, off+n)
			}
		case *ast.Ident:
			if v, ok := s.consts[x.Name]; ok {
				return len(v)
			}
		}
		v, lit, ok := s.foldLit(e)
		if !ok {
			return 0
		}
		if lit && off < b && a < off+len(v) {
			here = true
		}
		return len(v)
	}
	walk(e, 0)
	return here
}

// soleLit returns the one string literal e is written as: the literal,
// in parentheses or converted ([]byte("…")), so that the secret's column
// is inside it, as go vet reports it.
func soleLit(e ast.Expr) (*ast.BasicLit, bool) {
	for range 4 {
		switch x := ast.Unparen(e).(type) {
		case *ast.BasicLit:
			return x, x.Kind == token.STRING
		case *ast.CallExpr:
			if len(x.Args) != 1 {
				return nil, false
			}
			e = x.Args[0]
		default:
			return nil, false
		}
	}
	return nil, false
}

func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// unsafeString views b as a string without copying; b must not change
// while the string is in use.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func (s *scanner) offset(p token.Pos) int {
	if s.tf == nil || !p.IsValid() {
		return 0
	}
	return s.tf.Offset(p)
}

func (s *scanner) position(off int) (int, int) {
	if s.tf == nil {
		return 0, 0
	}
	off = min(max(off, 0), s.tf.Size())
	p := s.tf.Position(s.tf.Pos(off))
	return p.Line, p.Column
}

// Worth reports whether src can hold a finding of this package; it is
// the cheap test the driver runs before parsing. A file is worth parsing
// when a line holding a string literal (or a func declaration, for
// parameters) also holds a secret name: an identifier, or a string
// literal's content, that names.Match accepts; when a line holds a URL or
// DSN with credentials; or when the file imports a package of the sink
// table. A literal written on another line than every secret name it is
// assigned to (Password:\n\t"…") is not seen; TestWorthIsSound checks
// the fixtures.
func Worth(src []byte, names *rules.Names, frags *rules.KeywordSet, sinks []rules.Sink) bool {
	return worth(src, judge.NewNameMemo(names), func(line string, _ int, f func(start int) bool) {
		frags.Scan(line, func(_, start int) bool { return f(start) })
	}, sinks)
}

// WorthHits is Worth with the name fragments of src that a prescan found
// (rules.Prescanner with the names' fragments) instead of a search of
// each line, and the names' answers kept in memo (a worker's, shared by
// the files it scans). keyShapes says whether the prescan found one of
// KeyHolderShapes (ignoring case): only then is keyHolder asked.
func WorthHits(src []byte, memo *judge.NameMemo, hits *rules.FileHits, sinks []rules.Sink, keyShapes bool) bool {
	if !bytes.ContainsAny(src, "\"`") {
		return false
	}
	// Only the lines holding a fragment can hold a secret name: visit
	// those, a line's fragments at a time (they are consecutive).
	frags := hits.Frags()
	for k := 0; k < len(frags); {
		st := frags[k]
		lo := bytes.LastIndexByte(src[:st], '\n') + 1
		hi := len(src)
		if e := bytes.IndexByte(src[st:], '\n'); e >= 0 {
			hi = st + e
		}
		starts := hits.LineFrags(lo, hi)
		k += max(len(starts), 1)
		line := src[lo:hi]
		if !codeLine(line) {
			continue
		}
		ls := unsafeString(line)
		for _, h := range starts {
			if memo.Match(runAt(ls, h-lo)) {
				return true
			}
		}
	}
	if bytes.IndexByte(src, '@') >= 0 {
		for off := 0; off < len(src); {
			line, next := nextLine(src, off)
			off = next
			if codeLine(line) && credLine(line) {
				return true
			}
		}
	}
	return importsSink(src, sinks) || keyShapes && keyHolder(src)
}

// KeyHolderShapes are the texts that follow a name of API keys when it
// is given a collection or is a function returning one
// (rules.CollectionJudge, rules.KeyJudge): routingKeys = struct {,
// partnerKeys = map[, oceanKey() string {. Such a name holds no secret
// term, so the fragment gate cannot see it. A prescan looks for them
// (rules.Prescanner's markers, ignoring case): a file without one is not
// searched for them (WorthHits).
var KeyHolderShapes = []string{"eys = ", "ey() string {", "ey() []byte {"}

// keyHolderShapes are KeyHolderShapes as bytes.
var keyHolderShapes = func() [][]byte {
	out := make([][]byte, len(KeyHolderShapes))
	for i, s := range KeyHolderShapes {
		out[i] = []byte(s)
	}
	return out
}()

// keyHolder reports whether src declares a collection or a function named
// as API keys (rules.KeyJudge): the last gate of Worth, a few substring
// searches over files that passed no other.
func keyHolder(src []byte) bool {
	for _, shape := range keyHolderShapes {
		plural := shape[2] == 's'
		for off := 0; ; {
			i := bytes.Index(src[off:], shape)
			if i < 0 {
				break
			}
			at := off + i // the e of key
			off = at + len(shape)
			if plural {
				rest := src[off:]
				if !bytes.HasPrefix(rest, []byte("map[")) && !bytes.HasPrefix(rest, []byte("struct")) && !bytes.HasPrefix(rest, []byte("[]")) {
					continue
				}
			}
			if at == 0 || src[at-1] != 'k' && src[at-1] != 'K' {
				continue
			}
			start := at - 1
			for start > 0 && isIdent(src[start-1]) {
				start--
			}
			end := at + 2
			if plural {
				end++
			}
			if _, ok := rules.KeyJudge(unsafeString(src[start:end])); ok {
				return true
			}
		}
	}
	return false
}

// worth is Worth with the fragments of a line (starting at offset off of
// src) given by frags, in order of end position, until f returns false.
func worth(src []byte, memo *judge.NameMemo, frags func(line string, off int, f func(start int) bool), sinks []rules.Sink) bool {
	if !bytes.ContainsAny(src, "\"`") {
		return false
	}
	credShape := false
	for off := 0; off < len(src); {
		line, next := nextLine(src, off)
		lineOff := off
		off = next
		if !codeLine(line) {
			continue
		}
		ls := unsafeString(line)
		found := false
		frags(ls, lineOff, func(start int) bool {
			if memo.Match(runAt(ls, start)) {
				found = true
				return false
			}
			return true
		})
		if found {
			return true
		}
		if !credShape && credLine(line) {
			credShape = true
		}
	}
	if credShape {
		return true
	}
	return importsSink(src, sinks) || keyHolder(src)
}

// nextLine returns the line of src starting at off (without its '\n')
// and the offset of the next.
func nextLine(src []byte, off int) ([]byte, int) {
	line := src[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		return line[:i], off + i + 1
	}
	return line, len(src)
}

// codeLine reports whether Worth looks at a line: one holding a string
// literal, or a func declaration (for parameters).
func codeLine(line []byte) bool {
	return bytes.IndexByte(line, '"') >= 0 || bytes.IndexByte(line, '`') >= 0 || bytes.HasPrefix(line, []byte("func "))
}

// credLine reports whether a line holds a URL or DSN with credentials.
func credLine(line []byte) bool {
	return bytes.IndexByte(line, '@') >= 0 && (bytes.Contains(line, []byte("://")) || bytes.Contains(line, []byte("@tcp(")) || bytes.Contains(line, []byte("@unix(")))
}

// importsSink reports whether the import block (the text before the
// first top-level declaration) imports a package of the sink table.
func importsSink(src []byte, sinks []rules.Sink) bool {
	head := src
	for _, decl := range []string{"\nfunc ", "\ntype ", "\nvar ", "\nconst "} {
		if i := bytes.Index(head, []byte(decl)); i >= 0 {
			head = head[:i]
		}
	}
	// A sink package that the file imports but whose sink functions,
	// fields and variables it never names cannot hold a sink finding:
	// most files import os, net/http or an SDK's core package for other
	// reasons.
	sp := sinkPackagesFor(sinks)
	body := src[len(head):]
	found := false
	sp.importedEach(unsafeString(head), func(pkg string) bool {
		for _, m := range sp.members[pkg] {
			if bytes.Contains(body, []byte(m)) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// sinkPackages finds the import paths of a sink table in one pass.
type sinkPackages struct {
	set  *rules.KeywordSet
	pkgs [][]string // word of set -> the packages spelled so, ignoring case
	n    int        // number of packages
	// members are the names of each package's sink functions, fields and
	// variables.
	members map[string][]string
}

type sinksKey struct {
	p *rules.Sink
	n int
}

var sinkSets sync.Map // sinksKey -> *sinkPackages

func sinkPackagesFor(sinks []rules.Sink) *sinkPackages {
	k := sinksKey{unsafe.SliceData(sinks), len(sinks)}
	if sp, ok := sinkSets.Load(k); ok {
		return sp.(*sinkPackages)
	}
	sp := &sinkPackages{members: map[string][]string{}}
	var words []string
	index := map[string]int{}
	seen := map[string]bool{}
	for _, sk := range sinks {
		if m := sk.Func + sk.Field + sk.Var; sk.Package != "" && m != "" && !slices.Contains(sp.members[sk.Package], m) {
			sp.members[sk.Package] = append(sp.members[sk.Package], m)
		}
		if sk.Package == "" || seen[sk.Package] {
			continue
		}
		seen[sk.Package] = true
		sp.n++
		w := strings.ToLower(sk.Package)
		i, ok := index[w]
		if !ok {
			i = len(words)
			index[w] = i
			words = append(words, w)
			sp.pkgs = append(sp.pkgs, nil)
		}
		sp.pkgs[i] = append(sp.pkgs[i], sk.Package)
	}
	sp.set = rules.NewKeywordSet(words)
	actual, _ := sinkSets.LoadOrStore(k, sp)
	return actual.(*sinkPackages)
}

// imported reports whether the first occurrence of some sink package in
// head is right after a quote (an import path, or its prefix): what a
// search of head for each package in turn answers.
func (sp *sinkPackages) imported(head string) bool {
	found := false
	sp.importedEach(head, func(string) bool {
		found = true
		return false
	})
	return found
}

// importedEach calls yield with each sink package whose first occurrence
// in head is right after a quote, until yield returns false.
func (sp *sinkPackages) importedEach(head string, yield func(pkg string) bool) {
	if sp.n == 0 {
		return
	}
	done := map[string]bool{} // packages whose first occurrence was seen
	sp.set.Scan(head, func(w, start int) bool {
		// Occurrences of one word come in order of start.
		for _, p := range sp.pkgs[w] {
			if done[p] || start+len(p) > len(head) || head[start:start+len(p)] != p {
				continue
			}
			done[p] = true
			if start > 0 && head[start-1] == '"' && !yield(p) {
				return false
			}
		}
		return len(done) < sp.n
	})
}

// runAt returns the name around offset i of line: the content of the
// string literal holding i, else the identifier holding i.
func runAt(line string, i int) string {
	// Find whether i is inside a string literal on this line.
	q := byte(0)
	qs := 0
	for k := 0; k < i && k < len(line); k++ {
		c := line[k]
		switch {
		case q == 0 && (c == '"' || c == '`' || c == '\''):
			q, qs = c, k
		case q != 0 && c == '\\' && q != '`':
			k++
		case q != 0 && c == q:
			q = 0
		case q == 0 && c == '/' && k+1 < len(line) && line[k+1] == '/':
			k = len(line) // a comment: the rest is not code
		}
	}
	if q != 0 {
		e := strings.IndexByte(line[i:], q)
		if e < 0 {
			return line[qs+1:]
		}
		return line[qs+1 : i+e]
	}
	a, b := i, i
	for a > 0 && isIdent(line[a-1]) {
		a--
	}
	for b < len(line) && isIdent(line[b]) {
		b++
	}
	return line[a:b]
}

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}
