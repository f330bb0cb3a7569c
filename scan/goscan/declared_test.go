package goscan

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// declaredSeeds are sources whose function declarations DeclaredFuncs
// must all find: the formatting gofmt leaves and the forms it does not.
var declaredSeeds = []string{
	"package p\nfunc Open(user, password string) {}\n",
	"package p\nfunc Pick[T any](v T) T { return v }\n",
	"package p\nfunc\tTabbed() {}\n",
	"package p\nfunc /* a comment */ Commented() {}\n",
	"package p\nfunc // to the end\nLineCommented() {}\n",
	"package p; func Semi() {}; func Two() {}\n",
	"package p\nfunc Ünïcode() {}\n",
	"package p\nfunc (r T) Method() {}\nfunc Plain() { f := func() {}; _ = f }\n",
	"package p\nvar funcs = 1\nfunc after_funcs() {}\n",
}

// checkDeclared fails t when a function src declares is not among the
// names DeclaredFuncs finds.
func checkDeclared(t *testing.T, src string) {
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.SkipObjectResolution)
	if err != nil || f == nil {
		return // the summaries read what parses
	}
	names := map[string]bool{}
	DeclaredFuncs([]byte(src), names)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && !names[fd.Name.Name] {
			t.Errorf("DeclaredFuncs missed %s in %q (found %v)", fd.Name.Name, src, names)
		}
	}
}

// TestDeclaredFuncs: the names gate the package summaries, so a function
// missed would lose a finding.
func TestDeclaredFuncs(t *testing.T) {
	for _, src := range declaredSeeds {
		checkDeclared(t, src)
	}
	names := map[string]bool{}
	DeclaredFuncs([]byte("package p\nfunc (r T) Method() {}\nvar x = func() {}\n"), names)
	if len(names) != 0 {
		t.Errorf("a method and a function literal declare no function: %v", names)
	}
}

func FuzzDeclaredFuncs(f *testing.F) {
	for _, src := range declaredSeeds {
		f.Add(src)
	}
	f.Fuzz(checkDeclared)
}

// TestParseForSummaryAlwaysGivesAST: the summaries and the declared names
// count the same files toward their cap only if every file handed to
// ParseForSummary yields an AST, even one that is not Go.
func TestParseForSummaryAlwaysGivesAST(t *testing.T) {
	for _, src := range []string{"", "not go at all", "package", "package p\nfunc (", "\x00\xff"} {
		if f, _ := ParseForSummary(token.NewFileSet(), "x.go", []byte(src)); f == nil {
			t.Errorf("ParseForSummary(%q) gave no AST", src)
		}
	}
}
