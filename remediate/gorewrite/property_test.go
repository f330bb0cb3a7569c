package gorewrite_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

// templates are declarations with one secret literal each (written L),
// in the shapes the rewrite handles and in shapes it must refuse or that
// break the build (goto over a declaration), so that the property covers
// both the rewrite and the restore.
var templates = []string{
	`var v%[1]d = L`,
	`var v%[1]d T = L`,
	"const c%[1]d = L\n\nfunc use%[1]d() string { return c%[1]d }",
	"const (\n\ta%[1]d = 1\n\tc%[1]d = L\n\tb%[1]d = 2\n)\n\nvar _ = fmt.Sprint(a%[1]d, c%[1]d, b%[1]d)",
	"const c%[1]d = L\n\nconst d%[1]d = c%[1]d + \"x\"\n\nvar _ = d%[1]d",
	"func f%[1]d() (int, error) {\n\tx := L\n\tif x == \"\" {\n\t\treturn 0, errors.New(\"e\")\n\t}\n\treturn len(x), nil\n}",
	"func f%[1]d(ctx context.Context) error {\n\tfmt.Println(L)\n\treturn ctx.Err()\n}",
	"func f%[1]d() string { return L + \"suffix\" }",
	"func f%[1]d() error {\n\tgoto end\nend:\n\tfmt.Println(L)\n\treturn nil\n}",
	"func f%[1]d(s string) error {\n\tswitch s {\n\tcase L:\n\t\treturn nil\n\t}\n\treturn nil\n}",
	`var m%[1]d = map[string]T{"k": L}`,
	"func f%[1]d() (s struct{ A string }, err error) {\n\ts.A = L\n\treturn\n}",
	"func f%[1]d() ([2]string, error) { return [2]string{L, \"b\"}, nil }",
	`var arr%[1]d = [len(L)]int{}`,
	"func f%[1]d() {\n\tdefer func() { _ = L }()\n}",
	"func f%[1]d[P any](v P) (P, error) {\n\tfmt.Println(L)\n\treturn v, nil\n}",
	"func f%[1]d() (err error) {\n\tdefer func() { err = errors.New(L) }()\n\treturn\n}",
	"type S%[1]d struct {\n\tF string `json:L`\n}",
	"func f%[1]d() error {\n\tfor i := 0; i < len(L); i++ {\n\t}\n\treturn nil\n}",
	"func f%[1]d() error {\n\tif x := L; x != \"\" {\n\t\treturn nil\n\t}\n\treturn nil\n}",
	"func f%[1]d() error {\n\tvar x, y = L, \"b\"\n\t_ = y\n\tfmt.Println(x)\n\treturn nil\n}",
	"func f%[1]d() error {\n\tconst c T = L\n\tfmt.Println(c)\n\treturn nil\n}",
	"func f%[1]d() (*T, map[string]int, chan int, func(), any, error) {\n\tfmt.Println([]byte(L))\n\treturn nil, nil, nil, nil, nil, nil\n}",
	"func f%[1]d() error {\n\tfmt.Printf(L)\n\treturn nil\n}",
	"var x%[1]d = struct{ K string }{K: L}",
	"func f%[1]d() error {\n\tfmt.Println(L)\n\terr := errors.New(\"later\")\n\treturn err\n}",
	"func f%[1]d(s string) error {\n\tif s != L {\n\t\treturn nil\n\t}\n\terr := errors.New(s)\n\treturn err\n}",
}

func genPackage(r *rand.Rand, name string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n)\n\ntype T string\n\nvar _ = fmt.Sprint\nvar _ = errors.New\nvar _ context.Context\n", name)
	for i := range n {
		tmpl := templates[r.IntN(len(templates))]
		lit := fmt.Sprintf("%q", fmt.Sprintf("%s-%s-%d-%x", marker, name, i, r.Uint32()))
		if strings.Contains(tmpl, "`json:L`") {
			lit = strings.ReplaceAll(lit, `"`, `\"`)
			lit = `"` + lit[2:len(lit)-2] + `"`
		}
		b.WriteString("\n" + strings.ReplaceAll(fmt.Sprintf(tmpl, i), "L", lit) + "\n")
	}
	return b.String()
}

// TestPropertyApply generates packages with secrets in every shape,
// applies the rewrite, and checks the property: every package
// type-checks and vets afterwards; each package is either rewritten or
// byte-identical to before; every site is rewritten or reported with a
// reason; no rewritten site's literal is left.
func TestPropertyApply(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/prop\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 2026))
	orig := map[string][]byte{}
	for p := range 5 {
		name := fmt.Sprintf("p%d", p)
		src := genPackage(r, name, 9)
		path := filepath.Join(dir, name, name+".go")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		orig[path] = []byte(src)
	}
	testenv.UseRuntime(t, dir)
	goCmd(t, dir, nil, "vet", "./...") // vet passes before, so it must after

	sites := findSites(t, dir)
	results, err := gorewrite.Apply(context.Background(), sites, gorewrite.ApplyOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	rewritten, reported := 0, 0
	for _, res := range results {
		switch {
		case res.Rewritten:
			rewritten++
		case res.Reason != "":
			reported++
		default:
			t.Errorf("%s: neither rewritten nor reported", res.ID)
		}
		if strings.Contains(res.Reason, marker) {
			t.Errorf("%s: reason quotes the value", res.ID)
		}
	}
	t.Logf("%d sites: %d rewritten, %d reported", len(results), rewritten, reported)
	if testing.Verbose() {
		t.Log(formatResults(results))
	}
	if rewritten == 0 || reported == 0 {
		t.Errorf("the generated packages should give both rewritten and reported sites")
	}

	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: true}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		for _, e := range pkg.Errors {
			t.Errorf("%s does not type-check after Apply: %s", pkg.ID, redactMarked(e.Error()))
		}
	}
	goCmd(t, dir, nil, "vet", "./...")

	for path, before := range orig {
		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var left int
		for _, res := range results {
			if res.File == path && !res.Rewritten {
				left++
			}
		}
		if bytes.Equal(before, after) {
			if left != strings.Count(string(before), marker) {
				t.Errorf("%s unchanged, but %d of its sites are reported rewritten", path, strings.Count(string(before), marker)-left)
			}
			continue
		}
		if got := strings.Count(string(after), marker); got != left {
			t.Errorf("%s: %d secret literals left after the rewrite, want the %d reported not rewritable", path, got, left)
		}
	}
}
