package gorewrite_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/gorewrite/golden")

// marker is in every fixture secret; the test finds the sites by it.
const marker = "s3cr3t"

func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// copyModule copies the fixture module into a temporary directory and
// makes it require this checkout of secretlint.
func copyModule(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	testenv.UseRuntime(t, dst)
	return dst
}

func goCmd(t testing.TB, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, redactMarked(string(out)))
	}
	return string(out)
}

// redactMarked hides fixture secrets in output shown on failure.
func redactMarked(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, marker)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i] + "<redacted>")
		s = s[i:]
		j := strings.IndexAny(s, "\"` \n")
		if j < 0 {
			return b.String()
		}
		s = s[j:]
	}
}

// findSites returns a Site for every string literal holding the marker in
// the module's Go files, with a reference derived from its package.
func findSites(t testing.TB, dir string) []gorewrite.Site {
	t.Helper()
	var sites []gorewrite.Site
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		fset := token.NewFileSet()
		file := fset.AddFile(path, -1, len(src))
		var s scanner.Scanner
		s.Init(file, src, nil, scanner.ScanComments)
		n := 0
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING && tok != token.COMMENT || !strings.Contains(lit, marker) {
				continue
			}
			if tok == token.COMMENT && !strings.HasPrefix(lit, "/*") {
				continue
			}
			if tok == token.STRING && strings.Count(lit, marker) == 0 {
				continue
			}
			off := file.Offset(pos)
			p := fset.Position(pos)
			scheme, loc := "awssecrets", "fixture/"+filepath.ToSlash(filepath.Dir(rel))
			if strings.HasPrefix(rel, "maplit/") || strings.HasPrefix(rel, "namedtype/") {
				scheme, loc = "vault", "secret/fixture/"+filepath.ToSlash(filepath.Dir(rel))
			}
			n++
			sites = append(sites, gorewrite.Site{
				ID:        fmt.Sprintf("%s:%d:%d", rel, p.Line, p.Column),
				File:      path,
				Offset:    off,
				EndOffset: off + len(lit),
				Ref:       fmt.Sprintf("ref+%s://%s#/%s_%d", scheme, loc, strings.TrimSuffix(filepath.Base(rel), ".go"), n),
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sites
}

func formatResults(rs []gorewrite.Result) string {
	var b strings.Builder
	for _, r := range rs {
		switch {
		case r.SameAs != "":
			fmt.Fprintf(&b, "%s: rewritten with %s\n", r.ID, r.SameAs)
		case r.Rewritten:
			fmt.Fprintf(&b, "%s: rewritten (%s) from %s\n", r.ID, r.Shape, r.Ref)
		default:
			fmt.Fprintf(&b, "%s: not rewritable: %s\n", r.ID, r.Reason)
		}
	}
	return b.String()
}

// TestGolden rewrites every marked literal of the fixture module with
// Apply, compares each file and the results with the golden files, and
// proves that the rewritten module builds and vets.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	fixture := filepath.Join(repoRoot(t), "testdata", "gorewrite", "fixture")
	golden := filepath.Join(repoRoot(t), "testdata", "gorewrite", "golden")
	dir := copyModule(t, fixture)
	// cgo as the go command decides (on with a C compiler, off without):
	// the cgo file is reported either way, with the same reason.
	var env []string
	goCmd(t, dir, env, "build", "./...") // the fixture builds before

	sites := findSites(t, dir)
	results, err := gorewrite.Apply(context.Background(), sites, gorewrite.ApplyOptions{
		Dir: dir,
		Env: append(os.Environ(), env...),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if strings.Contains(r.Reason, marker) {
			t.Errorf("%s: the reason quotes the value", r.ID)
		}
	}
	got := map[string][]byte{"results.txt": []byte(formatResults(results))}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		b, err := os.ReadFile(path)
		got[filepath.ToSlash(rel)+".golden"] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.RemoveAll(golden)
		for name, b := range got {
			p := filepath.Join(golden, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var names []string
	_ = filepath.WalkDir(golden, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(golden, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	for name := range got {
		if !slices.Contains(names, name) {
			t.Errorf("%s: no golden file (run go test -update)", name)
		}
	}
	for _, name := range names {
		want, _ := os.ReadFile(filepath.Join(golden, name))
		if g, ok := got[name]; !ok {
			t.Errorf("%s: golden file for a file the rewrite did not produce", name)
		} else if !bytes.Equal(g, want) {
			t.Errorf("%s differs from the golden file (run go test -update and review the diff)", name)
		}
	}

	// The proof: the rewritten module builds and vets, tests included.
	goCmd(t, dir, env, "build", "./...")
	goCmd(t, dir, env, "vet", "./...")
	// Every site is accounted for: rewritten, or reported with a reason.
	for _, r := range results {
		if !r.Rewritten && r.Reason == "" {
			t.Errorf("%s: neither rewritten nor reported", r.ID)
		}
	}
}

// TestEagerPackageVars checks the --go-eager shapes on the fixture's
// package-level secrets: MustGet in place, read at start-up, where the
// default reads them lazily or reports them.
func TestEagerPackageVars(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot(t), "testdata", "gorewrite", "fixture"))); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOWORK", "off")
	t.Setenv("GOPROXY", "off")
	var sites []gorewrite.Site
	for _, s := range findSites(t, dir) {
		if strings.HasPrefix(s.ID, "pkgvar/") || strings.HasPrefix(s.ID, "structlit/") {
			sites = append(sites, s)
		}
	}
	pkgs, err := gorewrite.Load(t.Context(), dir, nil, nil, nil, "./pkgvar", "./structlit")
	if err != nil {
		t.Fatal(err)
	}
	for _, eager := range []bool{false, true} {
		ch, results := gorewrite.Plan(pkgs, sites, gorewrite.Options{EagerPackageVars: eager})
		shapes := map[gorewrite.Shape]int{}
		for _, r := range results {
			shapes[r.Shape]++
		}
		var src string
		for path, f := range ch.Files {
			if strings.HasSuffix(path, filepath.Join("pkgvar", "main.go")) {
				src = string(f.New)
			}
		}
		lazy := strings.Contains(src, "secretref.Lazy(") && strings.Contains(src, "APIKey.Value()")
		switch {
		case eager && (lazy || shapes[gorewrite.ShapeMustGet] < 5 || shapes[gorewrite.ShapeLazy] != 0):
			t.Errorf("eager: shapes %v, lazy %v", shapes, lazy)
		case !eager && (!lazy || shapes[gorewrite.ShapeLazy] != 2):
			t.Errorf("lazy: shapes %v, lazy %v", shapes, lazy)
		}
	}
}
