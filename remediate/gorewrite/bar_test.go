package gorewrite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

// barModule is the real module the bar runs on: a dependency of
// secretlint, so this repository's go.sum verifies its download. SECRETLINT_BAR_MODULE
// (MODULE@VERSION) names another, e.g. k8s.io/client-go@v0.37.2.
const barModule = "github.com/hashicorp/vault/api@v1.23.0"

type literal struct {
	file       string
	start, end int
}

// TestBarRealModule plants secrets at 50 random string literal sites of a
// copy of a real module and applies the rewrite: every site must be
// rewritten or reported with a reason, the module must still build, and
// go vet must pass if it passed before.
func TestBarRealModule(t *testing.T) {
	if testing.Short() {
		t.Skip("copies and builds a real module")
	}
	mod := barModule
	if m := os.Getenv("SECRETLINT_BAR_MODULE"); m != "" {
		mod = m
	}
	n := 50
	if s := os.Getenv("SECRETLINT_BAR_SITES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	// Downloaded from within this repository, whose go.sum verifies the
	// default module: no checksum database is needed.
	testenv.SetGoEnv(t)
	out := goCmd(t, repoRoot(t), nil, "mod", "download", "-json", mod)
	var info struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &info); err != nil || info.Dir == "" {
		t.Fatalf("go mod download %s: %v", mod, err)
	}
	dir := filepath.Join(t.TempDir(), "mod")
	if err := os.CopyFS(dir, os.DirFS(info.Dir)); err != nil {
		t.Fatal(err)
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			mode := os.FileMode(0o644)
			if d.IsDir() {
				mode = 0o755
			}
			_ = os.Chmod(p, mode)
		}
		return nil
	})

	// A module from the proxy may lack go.sum lines for its build: add
	// them (through the proxy), and make it require the runtime.
	testenv.AddGoSum(t, dir)
	goCmd(t, dir, nil, "build", "./...")

	// Every string literal of the module's non-test files, except import
	// paths.
	var lits []literal
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil //nolint:nilerr // a file that does not parse has no literals to plant in
		}
		// SECRETLINT_BAR_HANDWRITTEN=1 plants only in files that are not
		// generated (most of client-go is).
		if os.Getenv("SECRETLINT_BAR_HANDWRITTEN") == "1" && ast.IsGenerated(f) {
			return nil
		}
		imports := map[*ast.BasicLit]bool{}
		for _, imp := range f.Imports {
			imports[imp.Path] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING && !imports[bl] {
				lits = append(lits, literal{file: p, start: fset.Position(bl.Pos()).Offset, end: fset.Position(bl.End()).Offset})
			}
			return true
		})
		return nil
	})
	if len(lits) < n {
		t.Fatalf("%s has %d string literals, fewer than %d", mod, len(lits), n)
	}
	r := rand.New(rand.NewPCG(50, 2026))
	r.Shuffle(len(lits), func(i, j int) { lits[i], lits[j] = lits[j], lits[i] })
	chosen := lits[:n]

	// Plant: each chosen literal becomes a distinct fake secret.
	byFile := map[string][]literal{}
	for _, l := range chosen {
		byFile[l.file] = append(byFile[l.file], l)
	}
	var sites []gorewrite.Site
	for file, ls := range byFile {
		sort.Slice(ls, func(i, j int) bool { return ls[i].start < ls[j].start })
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		last, shift := 0, 0
		for _, l := range ls {
			planted := strconv.Quote(fmt.Sprintf("%s-bar-%02d-%08x", marker, len(sites), r.Uint32()))
			b.Write(src[last:l.start])
			b.WriteString(planted)
			rel, _ := filepath.Rel(dir, file)
			sites = append(sites, gorewrite.Site{
				ID: fmt.Sprintf("%s@%d", filepath.ToSlash(rel), l.start), File: file,
				Offset: l.start + shift, EndOffset: l.start + shift + len(planted),
				Ref: fmt.Sprintf("ref+awssecrets://bar/%s#/site-%d", filepath.ToSlash(filepath.Dir(rel)), len(sites)),
			})
			shift += len(planted) - (l.end - l.start)
			last = l.end
		}
		b.Write(src[last:])
		if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd(t, dir, nil, "build", "./...") // the planted module builds
	vetBefore := exec.Command("go", "vet", "./...")
	vetBefore.Dir = dir
	vetOK := vetBefore.Run() == nil
	// The runtime, as the user's `go get` would require it.
	testenv.UseRuntime(t, dir)

	start := time.Now()
	results, err := gorewrite.Apply(context.Background(), sites, gorewrite.ApplyOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)

	goCmd(t, dir, nil, "build", "./...") // zero build breaks left behind
	vetAfter := exec.Command("go", "vet", "./...")
	vetAfter.Dir = dir
	if out, err := vetAfter.CombinedOutput(); err != nil && vetOK {
		t.Errorf("go vet passed before the rewrite and fails after:\n%s", redactMarked(string(out)))
	}

	rewritten := 0
	reasons := map[string]int{}
	for _, res := range results {
		switch {
		case res.Rewritten:
			rewritten++
		case res.Reason != "":
			reasons[category(res.Reason)]++
			if testing.Verbose() {
				t.Logf("%s: %s", res.ID, res.Reason)
			}
		default:
			t.Errorf("%s: neither rewritten nor reported", res.ID)
		}
		if strings.Contains(res.Reason, marker) {
			t.Errorf("%s: the reason quotes the value", res.ID)
		}
	}
	// No rewritten literal is left in the sources.
	for _, res := range results {
		if !res.Rewritten {
			continue
		}
		src, _ := os.ReadFile(res.File)
		if strings.Contains(string(src), fmt.Sprintf("%s-bar-%02d-", marker, slices.Index(sites, res.Site))) {
			t.Errorf("%s: reported rewritten, but its literal is still there", res.ID)
		}
	}
	t.Logf("%s: %d sites in %d files: %d rewritten, %d reported (vet before: %v), Apply took %s", mod, n, len(byFile), rewritten, n-rewritten, vetOK, elapsed.Round(time.Second))
	for _, k := range slices.Sorted(mapsKeys(reasons)) {
		t.Logf("  %3d  %s", reasons[k], k)
	}
}

// category shortens a reason to its kind, without positions.
func category(reason string) string {
	for _, sep := range []string{": ", " at ", " ("} {
		if i := strings.Index(reason, sep); i > 0 {
			reason = reason[:i]
		}
	}
	return reason
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
