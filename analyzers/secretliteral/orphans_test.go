package secretliteral_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/secretlint-go/secretlint/analyzers/secretliteral"
	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/internal/testtree"
)

// tagged is a Go file behind a build constraint holding a GitHub token
// under a secret name.
func tagged(constraint, pkg string) string {
	return fmt.Sprintf("//go:build %s\n\npackage %s\n\nconst stagingToken = %q\n", constraint, pkg, fakesecret.GitHubPAT())
}

// TestOrphanPackages: a directory whose every Go file build constraints
// exclude is not a package of the build, so no pass sees it. Its files are
// checked once, by the pass of the nearest package above it, or by the
// module's first package where none is above it; testdata, nested modules
// and links are not entered.
func TestOrphanPackages(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	testtree.Write(t, outside, map[string]string{"leak/leak.go": tagged("e2e", "leak")})
	testtree.Write(t, dir, map[string]string{
		"go.mod":                          "module example.com/orph\n\ngo 1.24\n",
		"cmd/app/main.go":                 "package main\n\nfunc main() {}\n",
		"internal/store/store.go":         "package store\n",
		"internal/store/it/it_test.go":    tagged("integration", "it"),
		"internal/store/it/deeper/x.go":   tagged("integration", "deeper"),
		"internal/e2e/staging.go":         tagged("e2e", "e2e"),
		"internal/e2e/_skip.go":           tagged("e2e", "e2e"),
		"tools/gen.go":                    tagged("ignore", "main"),
		"testdata/fixture/f.go":           tagged("ignore", "f"),
		"nested/go.mod":                   "module example.com/nested\n",
		"nested/e2e/n.go":                 tagged("e2e", "e2e"),
		".hidden/h.go":                    tagged("e2e", "h"),
		"internal/store/linux_only.go":    "//go:build linux\n\npackage store\n",
		"internal/store/plan9/plan9.go":   strings.Replace(tagged("plan9", "plan9"), "stagingToken", "ok", 1) + "\nconst apiToken = \"" + fakesecret.GitHubPAT() + "\"\n",
		"internal/store/sub/sub.go":       "package sub\n",
		"internal/store/sub/e2e/suite.go": tagged("e2e", "e2e"),
	})
	if err := os.Symlink(filepath.Join(outside, "leak"), filepath.Join(dir, "internal", "linked")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOFLAGS", "")

	// analysistest reads // want only in the files it loads: the
	// diagnostics in excluded files are matched here, and its other
	// complaints are errors.
	rec := &errRecorder{}
	results := analysistest.Run(rec, dir, secretliteral.Analyzer, "./...")
	for _, e := range rec.errs {
		if !strings.Contains(e, "unexpected diagnostic") {
			t.Error(e)
		}
	}
	got := map[string][]string{} // file:line -> reporting packages
	for _, r := range results {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			rel, err := filepath.Rel(dir, p.Filename)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.Message, "(in a package this build excludes)") {
				t.Errorf("%s:%d: message %q does not say the package is excluded", rel, p.Line, d.Message)
			}
			k := fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)
			got[k] = append(got[k], r.Pass.Pkg.Path())
		}
	}
	want := map[string]string{ // file:line -> the one package that reports it
		"internal/e2e/staging.go:5":         "example.com/orph/cmd/app",
		"tools/gen.go:5":                    "example.com/orph/cmd/app",
		"internal/store/it/it_test.go:5":    "example.com/orph/internal/store",
		"internal/store/it/deeper/x.go:5":   "example.com/orph/internal/store",
		"internal/store/plan9/plan9.go:5":   "example.com/orph/internal/store",
		"internal/store/plan9/plan9.go:7":   "example.com/orph/internal/store",
		"internal/store/sub/e2e/suite.go:5": "example.com/orph/internal/store/sub",
	}
	for k, pkg := range want {
		if !slices.Equal(got[k], []string{pkg}) {
			t.Errorf("%s: reported by %q, want once by %s", k, got[k], pkg)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected diagnostic (reported by %q)", k, got[k])
		}
	}
}

// TestOrphanPackagesGOFLAGSTags: a directory that the tags in GOFLAGS make
// a package is checked by its own pass, with types, and not again.
func TestOrphanPackagesGOFLAGSTags(t *testing.T) {
	dir := t.TempDir()
	testtree.Write(t, dir, map[string]string{
		"go.mod":           "module example.com/orph\n\ngo 1.24\n",
		"app.go":           "package orph\n",
		"e2e/staging.go":   tagged("e2e", "e2e"),
		"tools/gen.go":     tagged("ignore", "main"),
		"tools/README.txt": "generators\n",
	})
	t.Setenv("GOFLAGS", "-tags=e2e")
	rec := &errRecorder{}
	results := analysistest.Run(rec, dir, secretliteral.Analyzer, "./...")
	for _, e := range rec.errs {
		if !strings.Contains(e, "unexpected diagnostic") {
			t.Error(e)
		}
	}
	n := map[string]int{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if r.Pass.Pkg.Path() == "example.com/orph/e2e" && strings.Contains(d.Message, "excludes") {
				t.Errorf("e2e/staging.go, checked with types, says it is excluded: %q", d.Message)
			}
			rel, _ := filepath.Rel(dir, r.Pass.Fset.Position(d.Pos).Filename)
			n[filepath.ToSlash(rel)]++
		}
	}
	if n["e2e/staging.go"] != 1 || n["tools/gen.go"] != 1 || len(n) != 2 {
		t.Errorf("diagnostics per file = %v, want e2e/staging.go once (its own package) and tools/gen.go once", n)
	}
}
