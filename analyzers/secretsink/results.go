package secretsink

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/secretlint-go/secretlint/analyzers/internal/core"
	"github.com/secretlint-go/secretlint/rules"
)

// Function results that are literals, across packages. A function whose
// result is one constant literal (func Token() string { return "…" })
// gets a ResultLiterals fact in its package; a package that passes the
// result to a credential API reports it there, at the call: go vet
// analyzes the callee's package first, and that package cannot know where
// its results go. The fact carries the judgments the callee's package
// made on the literal, never its text: facts are written to go vet's
// cache. A literal the callee's package reports itself (a secret-named
// function or result, a login pair, a literal its own code passes to a
// sink) gets no fact: one finding per secret.

// ResultLiterals is the fact exported for a function some of whose results
// are constant literals that its package does not report.
type ResultLiterals struct {
	Results []ResultLiteral
}

// ResultLiteral is one result of a summarised function.
type ResultLiteral struct {
	// Index is the result's position.
	Index int
	// At is where the literal is written (file base name and line).
	At string
	// Credential: a credential at a password, token or key parameter
	// (rules.CheckSinkLiteral); URL: a password inside a URL or
	// connection string (rules.CheckURLCredentials); the verdicts, not
	// the value, cross packages.
	Credential, URL bool
}

// AFact marks ResultLiterals as an analysis fact.
func (*ResultLiterals) AFact() {}

func (f *ResultLiterals) String() string {
	var b strings.Builder
	b.WriteString("resultLiterals(")
	for i, r := range f.Results {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d at %s", r.Index, r.At)
		if r.Credential {
			b.WriteString(" credential")
		}
		if r.URL {
			b.WriteString(" url")
		}
	}
	b.WriteString(")")
	return b.String()
}

// exportResults exports the ResultLiterals facts of the package's
// exported functions. It runs after the package's own findings, so that a
// literal reported here (claimed) gets none; it needs no Folder, so that
// a package without such a function costs one walk of its declarations.
func (c *checker) exportResults() {
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Type.Results == nil || !fd.Name.IsExported() {
				continue
			}
			fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok || !stringResult(fn.Signature().Results()) {
				continue
			}
			if fact := c.resultLiterals(fd, fn); fact != nil {
				c.pass.ExportObjectFact(fn, fact)
			}
		}
	}
}

// stringResult reports whether a result of a signature is a string, the
// cheap test before a function's body is read.
func stringResult(res *types.Tuple) bool {
	for i := range res.Len() {
		if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			return true
		}
	}
	return false
}

// resultLiterals judges the constant literal results of fd.
func (c *checker) resultLiterals(fd *ast.FuncDecl, fn *types.Func) *ResultLiterals {
	res := fn.Signature().Results()
	var returns []*ast.ReturnStmt
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch r := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			ok = ok && len(r.Results) == res.Len()
			returns = append(returns, r)
		}
		return ok
	})
	if !ok || len(returns) == 0 {
		return nil
	}
	var out ResultLiterals
	for i := range res.Len() {
		lit, val := c.resultLiteral(returns, i)
		if lit == nil || c.reportedResult(fd, res, i, lit, val) {
			continue
		}
		r := ResultLiteral{
			Index:      i,
			Credential: judgeCredential(c.names, "", val).Match,
			URL:        rules.CheckURLCredentials(rules.Candidate{Value: val}).Match,
		}
		if !r.Credential && !r.URL {
			continue
		}
		pos := c.pass.Fset.Position(lit.Pos())
		r.At = filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line)
		out.Results = append(out.Results, r)
	}
	if len(out.Results) == 0 {
		return nil
	}
	return &out
}

// resultLiteral returns the string literal every return statement gives
// result i, and its value, or nil.
func (c *checker) resultLiteral(returns []*ast.ReturnStmt, i int) (*ast.BasicLit, string) {
	var lit *ast.BasicLit
	var val string
	for _, r := range returns {
		l, ok := ast.Unparen(r.Results[i]).(*ast.BasicLit)
		if !ok {
			return nil, ""
		}
		tv, ok := c.pass.TypesInfo.Types[l]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return nil, ""
		}
		v := constant.StringVal(tv.Value)
		if lit != nil && v != val {
			return nil, ""
		}
		lit, val = l, v
	}
	return lit, val
}

// reportedResult reports whether the package reports the literal lit of
// result i itself: claimed by this analyzer, or judged by its name or as
// the password of a login pair by secretliteral.
func (c *checker) reportedResult(fd *ast.FuncDecl, res *types.Tuple, i int, lit *ast.BasicLit, val string) bool {
	for _, s := range c.claim {
		if s.Pos <= lit.Pos() && lit.End() <= s.End {
			return true
		}
	}
	name := res.At(i).Name()
	if res.Len() == 1 && (name == "" || name == "_") {
		name = rules.ResultName(fd.Name.Name)
	}
	if name != "" && rules.CheckAssignment(c.names, rules.Candidate{Name: name, Value: val}).Match {
		return true
	}
	if res.Len() == 2 && i == 1 && res.At(0).Name() == "" && res.At(1).Name() == "" {
		if user, _ := c.resultLiteral(returnsOf(fd), 0); user != nil {
			u, _ := strconv.Unquote(user.Value)
			return rules.LoginPair(c.names, u, val)
		}
	}
	return false
}

// returnsOf returns the return statements of fd's body.
func returnsOf(fd *ast.FuncDecl) []*ast.ReturnStmt {
	var out []*ast.ReturnStmt
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch r := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out = append(out, r)
		}
		return true
	})
	return out
}

// foreignResult returns the function of another package e calls (or the
// call a single-assignment variable e was given, u, p := pkg.Fallback()),
// the call, and the ResultLiteral of the result e takes, when its package
// exported one.
func (c *checker) foreignResult(e ast.Expr) (*types.Func, *ast.CallExpr, ResultLiteral, bool) {
	for range 4 { // []byte(pkg.Key()), aws.String(pkg.Secret())
		e = ast.Unparen(c.fold.ResolveExpr(e))
		conv, ok := e.(*ast.CallExpr)
		if !ok || len(conv.Args) != 1 {
			break
		}
		if tv, ok := c.pass.TypesInfo.Types[conv.Fun]; (!ok || !tv.IsType()) && !c.fold.IsPointerHelper(conv) {
			break
		}
		e = conv.Args[0]
	}
	var call *ast.CallExpr
	idx, n := 0, 1
	switch x := e.(type) {
	case *ast.CallExpr:
		call = x
	case *ast.Ident:
		_, call, idx, n = c.fold.Origin(x)
	}
	if call == nil {
		return nil, nil, ResultLiteral{}, false
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || fn.Signature().Results().Len() != n {
		return nil, nil, ResultLiteral{}, false
	}
	var f ResultLiterals
	if !c.pass.ImportObjectFact(fn, &f) {
		return nil, nil, ResultLiteral{}, false
	}
	for _, r := range f.Results {
		if r.Index == idx {
			return fn, call, r, true
		}
	}
	return nil, nil, ResultLiteral{}, false
}

// resultToSink reports a literal result of a function of another package
// reaching sink s, at the call, the first place this package sees it. It
// reports whether e is such a result (judged, reported or not).
func (c *checker) resultToSink(s rules.Sink, e ast.Expr, what, where string) bool {
	fn, call, r, ok := c.foreignResult(e)
	if !ok {
		return false
	}
	match := r.Credential
	if s.Kind == rules.SinkDSN {
		match, what = r.URL, "password in a connection string"
	}
	rule := s.RuleID()
	if !match {
		return true
	}
	key := seenKey{call.Pos(), rule}
	if c.seen[key] {
		return true
	}
	c.seen[key] = true
	msg := "literal " + what + " returned by " + fn.FullName() + " (" + r.At + ") " + where
	if c.rep.Report(core.Finding{Rule: rule, Pos: call.Pos(), End: call.End(), Message: msg}) != core.Dropped {
		c.claim = append(c.claim, Span{call.Pos(), call.End()})
	}
	return true
}
