package gorewrite_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

// loadInMemory type-checks one file as a package, without the go command.
func loadInMemory(t *testing.T, path string, src []byte) *packages.Package {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Scopes: map[ast.Node]*types.Scope{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	tp, err := conf.Check("example.com/fuzz/"+f.Name.Name, fset, []*ast.File{f}, info)
	if err != nil {
		return nil
	}
	return &packages.Package{ID: tp.Path(), Name: tp.Name(), PkgPath: tp.Path(), Fset: fset,
		Syntax: []*ast.File{f}, Types: tp, TypesInfo: info, GoFiles: []string{path}, CompiledGoFiles: []string{path}}
}

var fuzzLit = regexp.MustCompile(`"` + marker + `[^"]*"`)

// FuzzPlan checks, over generated packages, that a planned rewrite always
// parses, keeps every site accounted for, never quotes a value in a
// reason, and is deterministic.
func FuzzPlan(f *testing.F) {
	f.Add(uint64(1), uint8(8))
	f.Add(uint64(2026), uint8(12))
	f.Add(uint64(7), uint8(3))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		r := rand.New(rand.NewPCG(seed, 1))
		src := []byte(genPackage(r, "p", int(n%16)+1))
		path := filepath.Join(dir, "p.go")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		pkg := loadInMemory(t, path, src)
		if pkg == nil {
			t.Skip("generated package does not type-check")
		}
		var sites []gorewrite.Site
		for _, m := range fuzzLit.FindAllIndex(src, -1) {
			sites = append(sites, gorewrite.Site{ID: string(src[m[0]:m[1]]), File: path, Offset: m[0], EndOffset: m[1], Ref: "ref+vault://secret/fuzz#/k"})
		}
		ch, res := gorewrite.Plan([]*packages.Package{pkg}, sites, gorewrite.Options{})
		ch2, _ := gorewrite.Plan([]*packages.Package{pkg}, sites, gorewrite.Options{})
		for _, rr := range res {
			if !rr.Rewritten && rr.Reason == "" {
				t.Errorf("site neither rewritten nor reported")
			}
			if strings.Contains(rr.Reason, marker) {
				t.Errorf("reason quotes the value: %s", rr.Reason)
			}
		}
		for p, fc := range ch.Files {
			if _, err := parser.ParseFile(token.NewFileSet(), p, fc.New, parser.ParseComments); err != nil {
				t.Fatalf("rewritten file does not parse: %v", err)
			}
			if !slices.Equal(fc.New, ch2.Files[p].New) {
				t.Errorf("Plan is not deterministic")
			}
			for _, rr := range res {
				if rr.Rewritten && rr.SameAs == "" && strings.Contains(string(fc.New), rr.ID) {
					t.Errorf("a rewritten literal is still in the file")
				}
			}
		}
	})
}
