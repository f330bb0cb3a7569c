package refaudit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

func init() { Register(goFinder{}) }

// goFinder finds the references Go code reads through the runtime
// package secretref: calls of secretref.Get, MustGet and the lazy forms
// (any function of the package), and of the same methods on a Resolver,
// whose argument is a string literal ref+…. The file is parsed with
// go/parser; a reference built at run time is not a literal and is not
// checked.
type goFinder struct{}

func (goFinder) Name() string { return "go" }

const secretrefPath = "github.com/secretlint-go/secretlint/secretref"

// resolverMethods are the Resolver methods that take a reference.
var resolverMethods = map[string]bool{"Get": true, "MustGet": true, "Lazy": true, "MustLazy": true}

func (goFinder) Find(t *Tree, f *File) []Reference {
	if !strings.HasSuffix(f.Path, ".go") {
		return nil
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, f.Path, f.Content, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	pkgName := ""
	for _, im := range file.Imports {
		if p, _ := strconv.Unquote(im.Path.Value); p == secretrefPath {
			pkgName = "secretref"
			if im.Name != nil {
				pkgName = im.Name.Name
			}
		}
	}
	if pkgName == "" || pkgName == "_" {
		return nil
	}
	var out []Reference
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, isIdent := sel.X.(*ast.Ident)
		if (!isIdent || id.Name != pkgName) && !resolverMethods[sel.Sel.Name] {
			return true
		}
		for _, arg := range call.Args {
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !strings.HasPrefix(s, "ref+") {
				continue
			}
			r, ok := fromVals(t, s)
			if !ok {
				continue
			}
			pos := fset.Position(lit.Pos())
			r.Form, r.File, r.Line, r.Column = "go", f.Path, pos.Line, pos.Column
			r.Offset, r.End = pos.Offset, fset.Position(lit.End()).Offset
			out = append(out, r)
		}
		return true
	})
	return out
}
