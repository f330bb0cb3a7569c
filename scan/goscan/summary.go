package goscan

import (
	"go/ast"
	"strings"

	"github.com/secretlint-go/secretlint/rules"
)

// Same-file function summaries, the syntax-level half of the analyzers'
// ParamSinks facts: a function of this file whose parameter reaches a
// credential sink or a secret-named field (Open(user, p, addr) building
// mysql.Config{Passwd: p}, a helper calling req.SetBasicAuth(u, pass))
// makes a literal passed in that position a finding where it is written.
// Without types only the file's own functions are known, and, when scan
// walks a module, the exported functions of its other packages
// (crosspkg.go); go vet follows every function through facts.

// paramSink is where a summarised parameter goes.
type paramSink struct {
	sink  rules.Sink // a credential sink; zero for a secret-named field
	field string     // the secret-named field or key
	where string
}

// summary is the state of the summary pass over one function.
type summary struct {
	params map[string]int // parameter name -> position
	fn     string
	grew   bool
}

// summarise computes the summaries of the file's functions (two rounds,
// so that a wrapper of a wrapper is summarised too).
func (s *scanner) summarise() {
	var fns []*ast.FuncDecl
	for _, d := range s.f.Decls {
		if summarisable(d) {
			fns = append(fns, d.(*ast.FuncDecl))
		}
	}
	if len(fns) == 0 || !s.literalToOwnFunc(fns) {
		return
	}
	s.summariseFuncs(fns)
}

// summariseFuncs computes the summaries of fns into s.paramSinks.
func (s *scanner) summariseFuncs(fns []*ast.FuncDecl) {
	s.paramSinks = map[string]map[int]paramSink{}
	for range 2 {
		grew := false
		for _, fd := range fns {
			sum := &summary{params: map[string]int{}, fn: fd.Name.Name}
			i := 0
			for _, field := range fd.Type.Params.List {
				for _, id := range field.Names {
					if id.Name != "_" && textType(field.Type) {
						sum.params[id.Name] = i
					}
					i++
				}
				if len(field.Names) == 0 {
					i++
				}
			}
			s.sum = sum
			ast.Inspect(fd.Body, s.visit)
			s.sum = nil
			grew = grew || sum.grew
		}
		if !grew {
			break
		}
	}
}

// summarisable reports whether a declaration is a function (not a
// method) with a body and a parameter that can carry a credential's text.
func summarisable(d ast.Decl) bool {
	fd, ok := d.(*ast.FuncDecl)
	return ok && fd.Recv == nil && fd.Body != nil && fd.Type.Params != nil && textParams(fd.Type.Params)
}

// reach records, in the summary pass, that e carries a parameter of the
// function being summarised to ps.
func (s *scanner) reach(e ast.Expr, ps paramSink) {
	i, ok := s.paramIn(e, 0)
	if !ok {
		return
	}
	m := s.paramSinks[s.sum.fn]
	if m == nil {
		m = map[int]paramSink{}
		s.paramSinks[s.sum.fn] = m
	}
	if _, seen := m[i]; !seen {
		m[i] = ps
		s.sum.grew = true
	}
}

// paramIn returns the position of the parameter e carries: the
// parameter, a local given it once, a conversion or a concatenation.
func (s *scanner) paramIn(e ast.Expr, depth int) (int, bool) {
	if depth > 6 {
		return 0, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if i, ok := s.sum.params[e.Name]; ok {
			return i, true
		}
		if v, ok := s.locals[e.Name]; ok && v != e {
			return s.paramIn(v, depth+1)
		}
	case *ast.BinaryExpr:
		if i, ok := s.paramIn(e.X, depth+1); ok {
			return i, true
		}
		return s.paramIn(e.Y, depth+1)
	case *ast.CallExpr:
		if len(e.Args) == 1 {
			return s.paramIn(e.Args[0], depth+1)
		}
	case *ast.StarExpr:
		return s.paramIn(e.X, depth+1)
	}
	return 0, false
}

// summarisedCall judges the literals passed to a summarised function of
// the file (or, in the summary pass, passes the summary on to a wrapper).
func (s *scanner) summarisedCall(n *ast.CallExpr) {
	id, ok := n.Fun.(*ast.Ident)
	if !ok {
		return
	}
	if _, declared := s.params[id.Name]; declared {
		if s.paramSinks != nil {
			s.applySummary(n, s.paramSinks[id.Name], id.Name)
		}
		return
	}
	s.localCall(n, id.Name)
}

// localCall judges the literals passed to a function that another file
// of the package declares, by the package's summaries (Options.Local).
func (s *scanner) localCall(n *ast.CallExpr, name string) {
	if s.local == nil || s.sum != nil || !s.litCalls[name] || !s.credentialArg(n) {
		return
	}
	sums := s.local()
	if sums == nil || !sums.mayDeclare(name) || sums.pkgName() != s.f.Name.Name {
		return
	}
	if sum := sums.of(name); sum != nil {
		s.applySummary(n, sum, name)
	}
	s.namedParams(n, sums.paramNames(name))
}

// applySummary judges the arguments of a call to a summarised function
// named callee, in the positions its summary lists (or, in the summary
// pass, passes the summary on to a wrapper).
func (s *scanner) applySummary(n *ast.CallExpr, sum map[int]paramSink, callee string) {
	for i, ps := range sum {
		if i >= len(n.Args) {
			continue
		}
		if s.sum != nil {
			s.reach(n.Args[i], ps)
			continue
		}
		where := ps.where + " (passed to " + callee + ")"
		if ps.field != "" {
			s.assign(ps.field, "parameter", n.Args[i])
		} else {
			s.sink(ps.sink, n.Args[i], where)
		}
	}
}

// keyfuncs judges the key a function literal passed as a jwt.Keyfunc
// returns: jwt.Parse(tok, func(*jwt.Token) (any, error) { return
// []byte("…"), nil }).
func (s *scanner) keyfuncs(n *ast.CallExpr, pkg, name string) {
	if !strings.HasPrefix(name, "Parse") || !strings.Contains(pkg, "jwt") {
		return
	}
	for _, a := range n.Args {
		lit, ok := a.(*ast.FuncLit)
		if !ok {
			continue
		}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) == 2 {
					s.sink(keyfuncSink, n.Results[0], "a jwt.Keyfunc's key")
				}
			}
			return true
		})
	}
}

// keyfuncSink stands for the key a jwt.Keyfunc returns.
var keyfuncSink = rules.Sink{Package: "github.com/golang-jwt/jwt", Func: "Keyfunc", Kind: rules.SinkSigningKey}

// literalToOwnFunc reports whether the file calls one of its functions
// with a string literal argument (collectLocals noted the calls): only
// then can a summary find anything, so most files skip the summary pass.
func (s *scanner) literalToOwnFunc(fns []*ast.FuncDecl) bool {
	for _, fd := range fns {
		if s.litCalls[fd.Name.Name] {
			return true
		}
	}
	return false
}

// textParams reports whether a parameter list has a parameter that can
// carry a credential's text.
func textParams(fl *ast.FieldList) bool {
	for _, f := range fl.List {
		if len(f.Names) > 0 && textType(f.Type) {
			return true
		}
	}
	return false
}

// textType reports whether a parameter type, as written, is a string, a
// byte slice or a pointer to a string.
func textType(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name == "string"
	case *ast.StarExpr:
		return textType(t.X)
	case *ast.ArrayType:
		id, ok := t.Elt.(*ast.Ident)
		return ok && t.Len == nil && id.Name == "byte"
	}
	return false
}
