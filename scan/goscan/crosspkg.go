package goscan

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"sync"

	"github.com/secretlint-go/secretlint/rules"
)

// Summaries of another package of the scanned module, for scan's
// per-file pass: which parameters of its exported functions reach a
// credential sink or a secret-named field. They are computed from syntax,
// file by file, as the same-file summaries are (summary.go), and only on
// demand: a call pkg.F(…) to a package of the module with a literal that
// could be a credential (judged as if it were written under a password
// name) asks for them, so that the other package's files are parsed once,
// and only in the rare files that pass such a literal. go vet follows the
// same flows through facts, with types.

// Summaries are the function summaries of one package, computed on
// first use (NewSummaries) or at once (Summarise).
type Summaries struct {
	once    sync.Once
	compute func() *Summaries
	// funcs lists, without parsing, the functions the package's files
	// may declare (DeclaredFuncs), so that a call to any other function
	// computes nothing; nil: any.
	funcs     func() map[string]bool
	funcsOnce sync.Once
	declared  map[string]bool
	fns       map[string]map[int]paramSink
	consts    map[string]constSummary
	pkg       string // the package name of the summarised files
	// params: functions (not methods) -> their parameter names, so that
	// a literal passed to a secret-named parameter is judged by its name
	// (OpenAs(ctx, user, password string)), as go vet does with types.
	params map[string][]string
	// results: exported functions -> their results that are one literal
	// (nil where not), as go vet's ResultLiterals facts.
	results map[string][]*constSummary
}

// constSummary is an exported string constant of the package whose value
// is written there as literals, with whether its declaration is reported
// where it is declared (a secret name, a provider format, credentials in
// a URL): only a constant whose declaration is not reported is reported
// where another package uses it, as go vet does (analyzers/internal/core
// foreign.go).
type constSummary struct {
	value    string
	reported bool
	at       string // file base name and line of the declaration
}

// NewSummaries returns summaries that compute calls for on first use
// (compute may return nil: no summaries). funcs, when not nil, returns
// the names of the functions the package's files may declare (a superset,
// as DeclaredFuncs finds them): a function's summary is computed only
// when its name is one of them.
func NewSummaries(compute func() *Summaries, funcs func() map[string]bool) *Summaries {
	return &Summaries{compute: compute, funcs: funcs}
}

// mayDeclare reports whether the package may declare the function name.
func (s *Summaries) mayDeclare(name string) bool {
	if s.funcs == nil {
		return true
	}
	s.funcsOnce.Do(func() { s.declared = s.funcs() })
	return s.declared[name]
}

// DeclaredFuncs adds to names the name of every function (not method)
// Go source may declare: each word after the keyword func that is not a
// receiver's parenthesis, with blanks and comments between them. It reads
// no syntax, so it finds a superset of the declarations (func in a
// string or a comment), cheaply.
func DeclaredFuncs(src []byte, names map[string]bool) {
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte("func"))
		if i < 0 {
			return
		}
		i += off
		off = i + 4
		if i > 0 && (isIdentByte(src[i-1]) || src[i-1] >= 0x80) {
			continue
		}
		j := i + 4
		for j < len(src) {
			switch {
			case src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r':
				j++
				continue
			case bytes.HasPrefix(src[j:], []byte("/*")):
				if k := bytes.Index(src[j+2:], []byte("*/")); k >= 0 {
					j += 2 + k + 2
					continue
				}
				j = len(src)
			case bytes.HasPrefix(src[j:], []byte("//")):
				if k := bytes.IndexByte(src[j:], '\n'); k >= 0 {
					j += k
					continue
				}
				j = len(src)
			}
			break
		}
		if j == i+4 {
			continue // funcName, func( without a blank: no declaration
		}
		k := j // a name may hold letters beyond ASCII
		for k < len(src) && (isIdentByte(src[k]) || src[k] >= 0x80) {
			k++
		}
		if k > j {
			names[string(src[j:k])] = true
		}
	}
}

// load computes the summaries once.
func (s *Summaries) load() *Summaries {
	s.once.Do(func() {
		if s.compute != nil {
			if c := s.compute(); c != nil {
				s.fns, s.consts, s.results, s.pkg, s.params = c.fns, c.consts, c.results, c.pkg, c.params
			}
		}
	})
	return s
}

// of returns the summary of the function name.
func (s *Summaries) of(name string) map[int]paramSink {
	return s.load().fns[name]
}

// paramNames returns the parameter names of the function name.
func (s *Summaries) paramNames(name string) []string {
	return s.load().params[name]
}

// pkgName returns the package name of the summarised files.
func (s *Summaries) pkgName() string {
	return s.load().pkg
}

// result returns the summary of result i of n of the exported function
// name, when it is a literal.
func (s *Summaries) result(name string, i, n int) *constSummary {
	s.load()
	rs := s.results[name]
	if len(rs) != n || i >= n {
		return nil
	}
	return rs[i]
}

// constant returns the summary of the exported constant name.
func (s *Summaries) constant(name string) (constSummary, bool) {
	s.load()
	c, ok := s.consts[name]
	return c, ok
}

// Summarise returns the summaries of a package's functions from its
// parsed files (srcs[i] is files[i]'s content), those of the package
// most of the files declare: another package uses only the exported
// ones, the package's own other files every one.
func Summarise(fset *token.FileSet, files []*ast.File, srcs [][]byte, opts Options) *Summaries {
	sum := &Summaries{fns: map[string]map[int]paramSink{}, consts: map[string]constSummary{}, results: map[string][]*constSummary{}, params: map[string][]string{}}
	names := map[string]int{}
	for _, f := range files {
		names[f.Name.Name]++
		if names[f.Name.Name] > names[sum.pkg] || names[f.Name.Name] == names[sum.pkg] && f.Name.Name < sum.pkg {
			sum.pkg = f.Name.Name
		}
	}
	for i, f := range files {
		if f.Name.Name != sum.pkg {
			continue
		}
		var fns []*ast.FuncDecl
		consts := false // constants or exported functions with results
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Type.Params != nil {
				sum.params[fd.Name.Name] = fieldNames(fd.Type.Params)
			}
			if summarisable(d) {
				fns = append(fns, d.(*ast.FuncDecl))
			}
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.CONST {
				consts = true
			}
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Type.Results != nil && fd.Name.IsExported() {
				consts = true // a literal result, maybe (resultLits)
			}
		}
		if len(fns) == 0 && !consts {
			continue
		}
		o := opts
		o.Imported, o.Local = nil, nil // one level: a package's own summaries
		s := newScanner(fset, f, srcs[i], o)
		s.prepare()
		s.exportedConsts(sum.consts)
		if s.exportedResults() {
			// Whether the file reports a literal result itself (by a
			// secret name, as a login, at a sink of its own) takes a
			// scan of the file: only files with such a function pay it.
			full := newScanner(fset, f, srcs[i], o)
			full.run()
			full.resultSummaries(sum.results)
		}
		if len(fns) == 0 {
			continue
		}
		s.paramSinks = map[string]map[int]paramSink{}
		s.summariseFuncs(fns)
		for name, m := range s.paramSinks {
			if len(m) > 0 {
				sum.fns[name] = m
			}
		}
	}
	return sum
}

// ParseForSummary parses a file of another package for Summarise:
// without comments and object resolution.
func ParseForSummary(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
}

// importedCall judges the literals passed to an exported function of
// another package of the module, by that package's summaries.
func (s *scanner) importedCall(n *ast.CallExpr, pkg, name string) {
	if s.imported == nil || s.sum != nil || !ast.IsExported(name) {
		return
	}
	sums := s.imported(pkg) // nil for another module's package, at once
	if sums == nil || !s.credentialArg(n) || !sums.mayDeclare(name) {
		return
	}
	if sum := sums.of(name); sum != nil {
		s.applySummary(n, sum, path.Base(pkg)+"."+name)
	}
	s.namedParams(n, sums.paramNames(name))
}

// namedParams judges the literals passed to a function another file or
// package declares by the names of the parameters they fill
// (OpenAs(ctx, "app", "…") with a parameter named password).
func (s *scanner) namedParams(n *ast.CallExpr, names []string) {
	for i, a := range n.Args {
		if i < len(names) && names[i] != "" {
			s.assign(names[i], "parameter", a)
		}
	}
}

// credentialArg reports whether a call has a literal argument that could
// be a credential: one the name rule would report under "token" (a
// generated value), or under "password" when it mixes upper and lower
// case letters and digits (a chosen one; words, versions, addresses and
// CIDRs are not asked about).
func (s *scanner) credentialArg(n *ast.CallExpr) bool {
	for _, a := range n.Args {
		v, lit, ok := s.foldLit(a)
		if !ok || !lit || len(v) < 8 {
			continue
		}
		if rules.CheckAssignment(s.j.Names, rules.Candidate{Name: "token", Value: v}).Match {
			return true
		}
		if rules.MixedCase(v) && rules.CheckAssignment(s.j.Names, rules.Candidate{Name: "password", Value: v}).Match {
			return true
		}
	}
	return false
}

// LiteralArgWorth reports whether Go source passes a string literal that
// could be a credential straight to a call of a function another file of
// its package or another package of its module declares: the files worth
// parsing for those functions' summaries (Options.Local,
// Options.Imported), which the name and sink prefilters (WorthHits)
// cannot see. A literal that could be one has at least 8 characters, no
// blank, and mixes letters and digits (a chosen password mixes cases
// too); the call is unqualified (f(…, "…")), or the file imports a
// package of the module. modPath returns the module's path ("" for
// none); it is asked only for a qualified call with such a literal.
func LiteralArgWorth(src []byte, modPath func() string) bool {
	var aliases map[string]bool // names of the module's packages the file imports, once asked
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '"')
		if i < 0 {
			return false
		}
		i += off
		end := bytes.IndexByte(src[i+1:], '"')
		if end < 0 {
			return false
		}
		end += i + 1
		off = end + 1
		lit := src[i+1 : end]
		if len(lit) < 8 || len(lit) > 256 || bytes.ContainsAny(lit, " \t\n\\") {
			continue
		}
		j := i - 1
		for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
			j--
		}
		if j < 0 || src[j] != '(' && src[j] != ',' {
			continue
		}
		if !credentialShape(lit) {
			continue
		}
		qual, ok := callQualifier(src, i)
		if !ok {
			continue
		}
		if qual == "" {
			return true
		}
		if aliases == nil {
			aliases = map[string]bool{}
			if mp := modPath(); mp != "" && bytes.Contains(src, []byte(`"`+mp+`/`)) {
				aliases = moduleImports(src, mp)
			}
		}
		if aliases[qual] {
			return true
		}
	}
}

// moduleImports returns the names under which src imports packages of
// the module modPath: the alias, or the last element of the path.
func moduleImports(src []byte, modPath string) map[string]bool {
	names := map[string]bool{}
	needle := []byte(`"` + modPath + `/`)
	for off := 0; ; {
		i := bytes.Index(src[off:], needle)
		if i < 0 {
			return names
		}
		i += off
		end := bytes.IndexByte(src[i+1:], '"')
		if end < 0 {
			return names
		}
		p := string(src[i+1 : i+1+end])
		off = i + 1 + end
		ls := bytes.LastIndexByte(src[:i], '\n') + 1
		if alias := bytes.Fields(src[ls:i]); len(alias) > 0 && alias[len(alias)-1][0] != '(' {
			a := string(alias[len(alias)-1])
			if a != "import" {
				names[a] = true
				continue
			}
		}
		el := path.Base(p)
		if isMajorVersion(el) {
			el = path.Base(path.Dir(p))
		}
		names[el] = true
	}
}

// callQualifier returns the qualifier of the call whose argument is the
// string literal starting at src[q]: "" for a plain identifier (f(…)),
// pkg for pkg.F(…); ok is false when no call is found on the line or
// the call is a method of an expression.
func callQualifier(src []byte, q int) (string, bool) {
	depth := 0
	for j := q - 1; j >= 0 && src[j] != '\n'; j-- {
		switch src[j] {
		case ')', ']', '}':
			depth++
		case '[', '{':
			depth--
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			k := j
			for k > 0 && isIdentByte(src[k-1]) {
				k--
			}
			if k == j {
				return "", false
			}
			if k == 0 || src[k-1] != '.' {
				return "", true
			}
			e := k - 1
			b := e
			for b > 0 && isIdentByte(src[b-1]) {
				b--
			}
			if b == e || b > 0 && (src[b-1] == '.' || src[b-1] == ')') {
				return "", false
			}
			return string(src[b:e]), true
		}
		if depth < 0 {
			return "", false
		}
	}
	return "", false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// credentialShape reports whether a literal mixes upper and lower case
// letters and digits, or is 16 or more letters and digits with both.
func credentialShape(lit []byte) bool {
	up, low, dig, other := rules.CharClasses(string(lit))
	return up && low && dig || len(lit) >= 16 && (up || low) && dig && !other
}

// exportedConsts records the file's exported string constants written as
// literals, and whether each one's declaration is reported.
func (s *scanner) exportedConsts(out map[string]constSummary) {
	for _, d := range s.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !ast.IsExported(n.Name) || i >= len(vs.Values) {
					continue
				}
				v, lit, ok := s.foldLit(vs.Values[i])
				if !ok || !lit || v == "" {
					continue
				}
				_, reported := s.j.Assignment(n.Name, v)
				if !reported && s.detect != nil {
					reported = len(s.detect(v)) > 0
				}
				pos := s.fset.Position(n.Pos())
				out[n.Name] = constSummary{value: v, reported: reported, at: path.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line)}
			}
		}
	}
}

// foreignConst returns the summary of e when it names an exported
// constant of another package of the module whose declaration is not
// reported, and the name to give it in messages (config.RegistryFallback).
func (s *scanner) foreignConst(e ast.Expr) (constSummary, string, bool) {
	if s.imported == nil || s.sum != nil {
		return constSummary{}, "", false
	}
	pkg, name, ok := s.pkgSel(ast.Unparen(e))
	if !ok || !ast.IsExported(name) {
		return constSummary{}, "", false
	}
	sums := s.imported(pkg)
	if sums == nil {
		return constSummary{}, "", false
	}
	c, ok := sums.constant(name)
	if !ok || c.reported {
		return constSummary{}, "", false
	}
	return c, ast.Unparen(e).(*ast.SelectorExpr).X.(*ast.Ident).Name + "." + name, true
}

// exportedResults reports whether the file has an exported function
// with a literal result.
func (s *scanner) exportedResults() bool {
	for name, rs := range s.results {
		if !ast.IsExported(name) {
			continue
		}
		for _, r := range rs {
			if lit, ok := r.(*ast.BasicLit); ok && len(lit.Value) >= 10 { // a literal of 8 or more characters
				return true
			}
		}
	}
	return false
}

// resultSummaries records, after a scan of the file, the literal results
// of its exported functions and whether each is reported in the file.
func (s *scanner) resultSummaries(out map[string][]*constSummary) {
	for name, rs := range s.results {
		if !ast.IsExported(name) {
			continue
		}
		sums := make([]*constSummary, len(rs))
		for i, r := range rs {
			if r == nil {
				continue
			}
			v, _ := strconv.Unquote(r.(*ast.BasicLit).Value)
			reported := s.done[r]
			if !reported && s.detect != nil {
				reported = len(s.detect(v)) > 0
			}
			pos := s.fset.Position(r.Pos())
			sums[i] = &constSummary{value: v, reported: reported, at: path.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line)}
		}
		out[name] = sums
	}
}

// foreignResult returns the summary of the literal result e takes from a
// call of an exported function of another package of the module (e the
// call, or a name given its result once: u, p := store.Fallback()), when
// that package does not report it, the call, and the name to give it.
func (s *scanner) foreignResult(e ast.Expr) (*constSummary, *ast.CallExpr, string) {
	if s.imported == nil || s.sum != nil {
		return nil, nil, ""
	}
	i, n := 0, 1
	e = unconvert(e) // []byte(store.Key())
	if h, ok := e.(*ast.CallExpr); ok && len(h.Args) == 1 {
		if pkg, name, ok := s.pkgSel(h.Fun); ok && rules.IsPointerHelper(pkg, name) {
			e = unconvert(h.Args[0]) // aws.String(store.Secret())
		}
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		id, isID := e.(*ast.Ident)
		if !isID {
			return nil, nil, ""
		}
		rv, found := s.resultVars[id.Name]
		if !found {
			return nil, nil, ""
		}
		call, i, n = rv.call, rv.i, rv.n
	}
	pkg, name, ok := s.pkgSel(call.Fun)
	if !ok || !ast.IsExported(name) {
		return nil, nil, ""
	}
	sums := s.imported(pkg)
	if sums == nil {
		return nil, nil, ""
	}
	r := sums.result(name, i, n)
	if r == nil || r.reported {
		return nil, nil, ""
	}
	return r, call, call.Fun.(*ast.SelectorExpr).X.(*ast.Ident).Name + "." + name + "()"
}
