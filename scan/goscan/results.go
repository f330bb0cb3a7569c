package goscan

import (
	"go/ast"
	"go/token"
	"strconv"

	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
)

// Function results that are literals, the syntax-level half of the
// analyzers' Folder.Results: func apiToken() string { return "…" } or
// func Fallback() (string, string) { return "admin", "…" }. A use of
// such a result that reaches a sink or a secret-named place is judged at
// the literal in the return statement, where the secret is written; a
// pair of a user name and a password is judged on its own
// (rules.LoginPair).

// resultLits returns, for each result of fd, the string literal every
// return statement gives it (nil where they differ or it is not one), or
// nil when no result is one.
func resultLits(fd *ast.FuncDecl) []ast.Expr {
	if fd.Type.Results == nil {
		return nil
	}
	n := 0
	for _, f := range fd.Type.Results.List {
		n += max(len(f.Names), 1)
	}
	rs := rules.ConstantResults(fd.Body, n, func(e ast.Expr) (string, bool) {
		lit, ok := ast.Unparen(e).(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(lit.Value)
		return v, err == nil
	})
	for i, r := range rs {
		if r != nil {
			rs[i] = ast.Unparen(r) // the literal itself, where findings point
		}
	}
	return rs
}

// resultOf returns the literal result i of n results of e, a call of a
// same-file function, or nil.
func (s *scanner) resultOf(e ast.Expr, i, n int) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return nil
	}
	rs := s.results[id.Name]
	if len(rs) != n || i >= n {
		return nil
	}
	return rs[i]
}

// callResult returns the literal a call of a same-file function with one
// result returns, and the function's name.
func (s *scanner) callResult(e ast.Expr) (ast.Expr, string) {
	r := s.resultOf(e, 0, 1)
	if r == nil {
		return nil, ""
	}
	return r, ast.Unparen(e).(*ast.CallExpr).Fun.(*ast.Ident).Name
}

// loginPair reports the password of a function returning a user name and
// a password as two unnamed strings.
func (s *scanner) loginPair(fn *ast.FuncDecl) {
	for _, f := range fn.Type.Results.List {
		if id, ok := f.Type.(*ast.Ident); !ok || id.Name != "string" {
			return
		}
	}
	rs := resultLits(fn)
	if len(rs) != 2 || rs[0] == nil || rs[1] == nil || s.done[rs[1]] {
		return
	}
	user, _ := strconv.Unquote(rs[0].(*ast.BasicLit).Value)
	pass, _ := strconv.Unquote(rs[1].(*ast.BasicLit).Value)
	if !s.j.Enabled("hardcoded-credential") || !rules.LoginPair(s.j.Names, user, pass) {
		return
	}
	d := judge.Decision{RuleID: "hardcoded-credential", Verdict: rules.Verdict{Match: true}}
	s.report(rs[1], pass, d, "password returned with a user name by "+fn.Name.Name+" holds a literal credential", fn.Name.Name)
}

// resultVar is a name given result i of n of a call.
type resultVar struct {
	call *ast.CallExpr
	i, n int
}
