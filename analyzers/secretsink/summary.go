package secretsink

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/secretlint-go/secretlint/analyzers/internal/core"
	"github.com/secretlint-go/secretlint/rules"
)

// Function summaries: which parameters of a function reach a credential
// sink or a secret-named field, so that a literal passed to the function
// (in this package or, through facts, in another) is judged as if it were
// written at the sink: db.Open("ro", "Mx7!…") where Open builds
// mysql.Config{Passwd: p}; withBasicAuth(req, "bot", "…") where the helper
// calls req.SetBasicAuth.

// ParamSinks is the fact exported for a function (or method) some of whose
// parameters reach a credential sink or a secret-named field.
type ParamSinks struct {
	Params []ParamSink
}

// ParamSink is one parameter of a summarised function and where it goes.
type ParamSink struct {
	// Index is the parameter's position (the receiver is not counted).
	Index int
	// Name is the parameter's name.
	Name string
	// Kind is the sink kind the value reaches (password, dsn,
	// signing-key, header), or "field" for a secret-named field.
	Kind rules.SinkKind
	// Rule is the rule a literal reaching it is reported under.
	Rule string
	// Label is the header or field name, for the judgment.
	Label string
	// Where says where it goes ("reaches net/http.(*Request).SetBasicAuth").
	Where string
}

// AFact marks ParamSinks as an analysis fact.
func (*ParamSinks) AFact() {}

func (f *ParamSinks) String() string {
	var b strings.Builder
	b.WriteString("paramSinks(")
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d:%s %s", p.Index, p.Name, p.Where)
	}
	b.WriteString(")")
	return b.String()
}

// HasParamSinks is the package fact that some function of the package has
// a ParamSinks fact, so that importers summarise their own wrappers.
type HasParamSinks struct{}

// AFact marks HasParamSinks as an analysis fact.
func (*HasParamSinks) AFact() {}

func (*HasParamSinks) String() string { return "hasParamSinks" }

// summaries are the functions of the package being summarised.
type summaries struct {
	params map[*types.Var]paramOf      // parameter -> its function and position
	sinks  map[*types.Func]*ParamSinks // found so far
	grew   bool
}

type paramOf struct {
	fn    *types.Func
	index int
}

// importsSummaries reports whether a direct import of the package has
// functions with ParamSinks facts.
func importsSummaries(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(HasParamSinks)) {
			return true
		}
	}
	return false
}

// summariseOnly computes and exports the summaries of a package that
// imports a sink package or a package with summaries, and does nothing
// else: FactsOnly's run.
func summariseOnly(pass *analysis.Pass, names *rules.Names, idx *index) {
	c := &checker{pass: pass, names: names, idx: idx}
	c.exportResults() // results.go: any package's
	if !idx.relevant(pass.Pkg) && !importsSummaries(pass) {
		return
	}
	c.fold = core.NewFolder(pass.Pkg, pass.TypesInfo, pass.Files)
	c.summarise(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
}

// summarise computes the summaries of the package's functions, iterating
// until wrappers of wrappers are summarised too, and exports them.
func (c *checker) summarise(insp *inspector.Inspector) {
	s := &summaries{params: map[*types.Var]paramOf{}, sinks: map[*types.Func]*ParamSinks{}}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Type.Params == nil {
				continue
			}
			fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				if len(field.Names) == 0 {
					i++
					continue
				}
				for _, id := range field.Names {
					if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok && textual(v.Type()) {
						s.params[v] = paramOf{fn, i}
					}
					i++
				}
			}
		}
	}
	if len(s.params) == 0 {
		return
	}
	c.sum = s
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil)}
	for range 4 {
		s.grew = false
		insp.Preorder(filter, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.CallExpr:
				c.call(n)
				c.summarisedCall(n)
			case *ast.CompositeLit:
				c.compositeLit(n)
				c.secretFields(n)
			case *ast.AssignStmt:
				c.assign(n)
			}
		})
		if !s.grew {
			break
		}
	}
	c.sum = nil
	c.local = s.sinks
	for fn, f := range s.sinks {
		c.pass.ExportObjectFact(fn, f)
	}
	if len(s.sinks) > 0 {
		c.pass.ExportPackageFact(new(HasParamSinks))
	}
}

// textual reports whether a parameter can carry a credential's text.
func textual(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// reach records, while summarising, that e (a parameter, possibly
// converted or concatenated) reaches a sink.
func (c *checker) reach(e ast.Expr, ps ParamSink) {
	v := c.paramIn(e, 0)
	if v == nil {
		return
	}
	p := c.sum.params[v]
	ps.Index, ps.Name = p.index, v.Name()
	f := c.sum.sinks[p.fn]
	if f == nil {
		f = &ParamSinks{}
		c.sum.sinks[p.fn] = f
	}
	if slices.ContainsFunc(f.Params, func(q ParamSink) bool { return q.Index == ps.Index }) {
		return
	}
	f.Params = append(f.Params, ps)
	c.sum.grew = true
}

// paramIn returns the parameter e carries: the parameter itself, through
// single-assignment locals, conversions, pointer helpers and
// concatenations ("Bearer " + token).
func (c *checker) paramIn(e ast.Expr, depth int) *types.Var {
	if depth > 6 || e == nil {
		return nil
	}
	e = ast.Unparen(c.fold.ResolveExpr(e))
	switch e := e.(type) {
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.Uses[e].(*types.Var); ok {
			if _, ok := c.sum.params[v]; ok {
				return v
			}
		}
	case *ast.StarExpr:
		return c.paramIn(e.X, depth+1)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			if v := c.paramIn(e.X, depth+1); v != nil {
				return v
			}
			return c.paramIn(e.Y, depth+1)
		}
	case *ast.CallExpr:
		if len(e.Args) == 1 {
			if tv, ok := c.pass.TypesInfo.Types[e.Fun]; ok && tv.IsType() || c.fold.IsPointerHelper(e) {
				return c.paramIn(e.Args[0], depth+1)
			}
		}
	}
	return nil
}

// secretFields records parameters assigned to secret-named fields of a
// struct literal (Config{Password: p}) while summarising.
func (c *checker) secretFields(lit *ast.CompositeLit) {
	if c.sum == nil {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if _, ok := c.names.Match(id.Name); !ok {
			continue
		}
		c.reach(kv.Value, ParamSink{Kind: "field", Rule: "hardcoded-credential", Label: id.Name, Where: "assigned to field " + id.Name})
	}
}

// summarisedCall handles a call to a function with a summary: while
// summarising, a parameter passed on makes the caller a wrapper too; when
// reporting, a literal passed is judged as at the sink it reaches.
func (c *checker) summarisedCall(call *ast.CallExpr) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || call.Ellipsis.IsValid() {
		return
	}
	var f *ParamSinks
	if c.sum != nil {
		f = c.sum.sinks[fn]
	} else {
		f = c.local[fn]
	}
	if f == nil && fn.Pkg() != c.pass.Pkg {
		var imported ParamSinks
		if c.pass.ImportObjectFact(fn, &imported) {
			f = &imported
		}
	}
	if f == nil {
		return
	}
	for _, ps := range f.Params {
		if ps.Index >= len(call.Args) {
			continue
		}
		arg := call.Args[ps.Index]
		if c.sum != nil {
			c.reach(arg, ParamSink{Kind: ps.Kind, Rule: ps.Rule, Label: ps.Label, Where: ps.Where})
			continue
		}
		val, ok := c.fold.Resolve(arg)
		if !ok {
			continue
		}
		where := "passed to " + fn.FullName() + " as " + ps.Name + ", which " + ps.Where
		var v rules.Verdict
		what := "credential"
		switch ps.Kind {
		case rules.SinkDSN:
			v = rules.CheckURLCredentials(rules.Candidate{Value: val.S})
			what = "password in " + formatName(v.Reason)
		case rules.SinkSigningKey:
			v = rules.CheckSinkLiteral(rules.Candidate{Name: ps.Label, Value: val.S})
			what = "signing key"
		case "field":
			v = rules.CheckAssignment(c.names, rules.Candidate{Name: ps.Label, Value: val.S})
			what = core.Words(ps.Label)
		default:
			v = judgeCredential(c.names, ps.Label, val.S)
		}
		c.emit(ps.Rule, val, v, what, where)
	}
}
