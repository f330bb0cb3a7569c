package gorewrite_test

import (
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

func TestSiteOf(t *testing.T) {
	src := "package p\n\nvar k = \"s3cr3t-diag\"\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/x/p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	lit := f.Decls[0]
	_ = lit
	start := f.FileStart + token.Pos(len("package p\n\nvar k = "))
	d := analysis.Diagnostic{Pos: start, End: start + token.Pos(len(`"s3cr3t-diag"`)), Category: "hardcoded-credential"}
	s := gorewrite.SiteOf(fset, d, "id", "ref+vault://secret/p#/k")
	if s.File != "/x/p.go" || src[s.Offset:s.EndOffset] != `"s3cr3t-diag"` || s.ID != "id" || s.Ref != "ref+vault://secret/p#/k" {
		t.Errorf("SiteOf = %+v", s)
	}
}
