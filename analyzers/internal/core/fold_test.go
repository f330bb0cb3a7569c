package core

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestFolder checks what Resolve follows (constants, concatenation,
// conversions, single-assignment variables) and what it refuses
// (parameters, variables assigned twice or whose address is taken, calls
// of functions whose result is not one literal).
func TestFolder(t *testing.T) {
	const src = `package p

const prefix = "ab"
const whole = prefix + "cd"

func f(param string) {
	once := "ef" + whole
	twice := "gh"
	twice = "ij"
	addr := "kl"
	_ = &addr
	b := []byte("mn")
	_, pw := pair()
	use(whole, once, twice, addr, b, param, string(b), g(), h(param), pw, varies(true))
}

func g() string { return "op" }

func h(s string) string { return s }

func pair() (string, string) { return "qr", "st" }

func varies(ok bool) string {
	if ok {
		return "uv"
	}
	return "wx"
}

func use(...any) {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	var call *ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "use" {
				call = c
			}
		}
		return true
	})
	folder := NewFolder(pkg, info, []*ast.File{f})
	tests := []struct {
		want   string
		ok     bool
		leaves int
		via    string
	}{
		{"abcd", true, 2, "prefix"}, // whole: constant, split into the literals of its declaration
		{"efabcd", true, 3, "once"}, // once: a variable assigned once
		{"", false, 0, ""},          // twice
		{"", false, 0, ""},          // addr: address taken
		{"mn", true, 1, "b"},        // []byte conversion in a variable
		{"", false, 0, ""},          // param
		{"mn", true, 1, "b"},        // string(b)
		{"op", true, 1, "g()"},      // a call of a function whose result is a literal
		{"", false, 0, ""},          // a call of a function returning its parameter
		{"st", true, 1, "pw"},       // the second result of a pair of literals
		{"", false, 0, ""},          // a function returning one of two literals
	}
	for i, tc := range tests {
		v, ok := folder.Resolve(call.Args[i])
		if ok != tc.ok || v.S != tc.want || len(v.Leaves) != tc.leaves {
			t.Errorf("arg %d: Resolve = %q, %v, %d leaves; want %q, %v, %d leaves", i, v.S, ok, len(v.Leaves), tc.want, tc.ok, tc.leaves)
			continue
		}
		if ok && v.Leaves[0].Via != tc.via {
			t.Errorf("arg %d: first leaf via %q, want %q", i, v.Leaves[0].Via, tc.via)
		}
		for _, l := range v.Leaves {
			if _, lit := l.Node.(*ast.BasicLit); !lit {
				t.Errorf("arg %d: leaf %T is not the literal", i, l.Node)
			}
		}
	}
	// Const does not follow named constants: the use is the leaf.
	v, ok := folder.Const(call.Args[0])
	if !ok || len(v.Leaves) != 1 || v.Leaves[0].Via != "whole" {
		t.Errorf("Const(whole) = %+v, %v; want one leaf via whole", v, ok)
	}
}
