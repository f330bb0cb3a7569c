package scan

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/testtree"
	"github.com/secretlint-go/secretlint/rules"
)

func run(t *testing.T, opts Options) *Result {
	t.Helper()
	if opts.Config == nil {
		cfg, err := rules.DefaultConfig()
		if err != nil {
			t.Fatal(err)
		}
		opts.Config = cfg
	}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func files(fs []finding.Finding, root string) []string {
	var out []string
	for _, f := range fs {
		out = append(out, strings.TrimPrefix(f.File, root+"/"))
	}
	return slices.Compact(out)
}

func notice(ns []finding.Notice, root, kind string) []string {
	var out []string
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, strings.TrimPrefix(n.File, root+"/"))
		}
	}
	return out
}

const secretLine = "DB_PASSWORD=q8Lm2vXk9zPw\n"

// TestWalkerIgnoreFiles checks .gitignore (nested, negated, directory
// patterns), .secretlintignore, .git and .git/info/exclude.
func TestWalkerIgnoreFiles(t *testing.T) {
	root := filepath.ToSlash(t.TempDir())
	testtree.Write(t, root, map[string]string{
		".gitignore":              "*.log\nbuild/\n!keep.log\n",
		".secretlintignore":       "fixtures/\n",
		".git/config":             secretLine,
		".git/info/exclude":       "excluded.env\n",
		"excluded.env":            secretLine,
		"a.env":                   secretLine,
		"x.log":                   secretLine,
		"keep.log.env":            secretLine,
		"keep.log":                secretLine,
		"build/out.env":           secretLine,
		"src/build/nested.env":    secretLine,
		"fixtures/f.env":          secretLine,
		"sub/.gitignore":          "local.env\n/anchored.env\n",
		"sub/local.env":           secretLine,
		"sub/anchored.env":        secretLine,
		"sub/deeper/anchored.env": secretLine,
		"other/local.env":         secretLine,
	})
	res := run(t, Options{Paths: []string{root}})
	got := files(res.Findings, root)
	want := []string{"a.env", "keep.log", "keep.log.env", "other/local.env", "sub/deeper/anchored.env"}
	if !slices.Equal(got, want) {
		t.Errorf("files with findings = %v, want %v", got, want)
	}
	res = run(t, Options{Paths: []string{root}, NoIgnoreFiles: true})
	if n := len(files(res.Findings, root)); n != 12 {
		t.Errorf("with NoIgnoreFiles: %d files with findings, want every file but .git/ and the ignore files (12): %v", n, files(res.Findings, root))
	}
}

// TestWalkerSkipsAndNotices covers binary files, the size cap (a sparse
// 1 GiB file is never read), symlinks (skipped, followed, loops) and
// invalid UTF-8.
func TestWalkerSkipsAndNotices(t *testing.T) {
	root := filepath.ToSlash(t.TempDir())
	testtree.Write(t, root, map[string]string{
		"bin.env":      "\x00\x01" + secretLine,
		"late-nul.env": strings.Repeat("x", 9000) + "\x00\n" + secretLine,
		"latin1.env":   "NAME=caf\xe9\n" + secretLine,
		"dir/in.env":   secretLine,
		"bad.yaml":     "k: v\nx: \xff\xfe\npassword: Hs3vLm8kZx4wZ6\n",
	})
	// Two sparse 1 GiB files: text (too large, an error) and an executable
	// (binary: skipped like any binary).
	for name, head := range map[string]string{"huge.env": strings.Repeat("PORT=8080\n", 1000), "kustomize": "\x7fELF\x02\x01\x01\x00"} {
		big, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := big.WriteString(head); err != nil {
			t.Fatal(err)
		}
		if err := big.Truncate(1 << 30); err != nil {
			t.Fatal(err)
		}
		if err := big.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "dir"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(root, "dir", "loop")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := run(t, Options{Paths: []string{root}})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("scan took %v: the 1 GiB file was read?", d)
	}
	if got := files(res.Findings, root); !slices.Equal(got, []string{"bad.yaml", "dir/in.env", "late-nul.env", "latin1.env"}) {
		t.Errorf("files with findings = %v", got)
	}
	if got := notice(res.Notices, root, "too-large"); !slices.Equal(got, []string{"huge.env"}) || !res.HasErrors() {
		t.Errorf("too-large notices = %v (HasErrors %v), want [huge.env] as an error", got, res.HasErrors())
	}
	for _, n := range res.Notices {
		if n.Kind == "too-large" && !strings.HasPrefix(n.Message, "file is 1.0 GiB, over the") {
			t.Errorf("too-large notice %q: want the file's size", n.Message)
		}
	}
	if got := notice(res.Skipped, root, "binary"); !slices.Equal(got, []string{"bin.env", "kustomize"}) {
		t.Errorf("binary skips = %v, want [bin.env kustomize]", got)
	}
	if got := notice(res.Skipped, root, "symlink"); !slices.Equal(got, []string{"dir/loop", "link"}) {
		t.Errorf("symlinks skipped = %v, want [dir/loop link]", got)
	}
	if got := notice(res.Notices, root, "invalid-utf8"); !slices.Equal(got, []string{"latin1.env"}) {
		t.Errorf("invalid-utf8 notices = %v, want [latin1.env]", got)
	}
	if got := notice(res.Notices, root, "yaml-fallback"); !slices.Equal(got, []string{"bad.yaml"}) {
		t.Errorf("yaml-fallback notices = %v, want [bad.yaml]", got)
	}
	for _, n := range res.Notices {
		if n.File == "" || n.Message == "" {
			t.Errorf("notice %+v names no file or says nothing", n)
		}
	}

	// Following links: link/in.env is scanned under its link path, the
	// loop back to the root is reported and not followed.
	res = run(t, Options{Paths: []string{root}, FollowSymlinks: true})
	if got := files(res.Findings, root); !slices.Contains(got, "link/in.env") {
		t.Errorf("following symlinks: files with findings = %v, want link/in.env among them", got)
	}
	if got := notice(res.Notices, root, "symlink-loop"); len(got) == 0 {
		t.Errorf("following symlinks: no symlink-loop notice (notices %v)", res.Notices)
	}

	// The size cap is configurable.
	res = run(t, Options{Paths: []string{filepath.Join(root, "dir")}, MaxFileSize: 4})
	if got := notice(res.Notices, root, "too-large"); !slices.Equal(got, []string{"dir/in.env"}) {
		t.Errorf("MaxFileSize 4: too-large = %v, want [dir/in.env]", got)
	}
}

// TestUnreadable checks that a file that cannot be read is an error
// notice naming it, and the scan goes on.
func TestUnreadable(t *testing.T) {
	cfg, _ := rules.DefaultConfig()
	fsc, err := newFileScanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &walker{ctx: context.Background(), maxSize: 1 << 20}
	_, notes, _, _, n := w.scanJob(fsc, job{abs: filepath.Join(t.TempDir(), "gone", "x.env"), rel: "gone/x.env"})
	if n != -1 || len(notes) != 1 || notes[0].Kind != "unreadable" || !notes[0].Error || notes[0].File != "gone/x.env" {
		t.Errorf("unreadable file: n=%d notices=%+v, want one error notice naming gone/x.env", n, notes)
	}
}

// TestDeterministic runs the same scan with 1 and 8 workers.
func TestDeterministic(t *testing.T) {
	root := filepath.ToSlash(t.TempDir())
	fs := map[string]string{}
	for i := range 40 {
		fs[fmt.Sprintf("d%d/f%d.env", i%5, i)] = secretLine + fmt.Sprintf("API_TOKEN=Zq9vLm2kXw7p%04d\n", i)
	}
	testtree.Write(t, root, fs)
	a := run(t, Options{Paths: []string{root}, Workers: 1})
	b := run(t, Options{Paths: []string{root}, Workers: 8})
	if len(a.Findings) != 80 {
		t.Fatalf("%d findings, want 80", len(a.Findings))
	}
	for i := range a.Findings {
		if a.Findings[i].Fingerprint != b.Findings[i].Fingerprint || a.Findings[i].File != b.Findings[i].File {
			t.Fatalf("finding %d differs between 1 and 8 workers", i)
		}
	}
	if a.Files != 40 || b.Files != 40 {
		t.Errorf("Files = %d, %d, want 40", a.Files, b.Files)
	}
}

// TestCancel checks that a cancelled context stops the scan with its error.
func TestCancel(t *testing.T) {
	root := t.TempDir()
	testtree.Write(t, root, map[string]string{"a.env": secretLine})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg, _ := rules.DefaultConfig()
	if _, err := Run(ctx, Options{Paths: []string{root}, Config: cfg}); err == nil {
		t.Errorf("Run with a cancelled context returned no error")
	}
}

func TestMissingPath(t *testing.T) {
	cfg, _ := rules.DefaultConfig()
	if _, err := Run(context.Background(), Options{Paths: []string{filepath.Join(t.TempDir(), "nope")}, Config: cfg}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Run on a missing path: err = %v, want one naming the path", err)
	}
}

func TestTestPath(t *testing.T) {
	for p, want := range map[string]bool{
		"pkg/x_test.go": true, "test/e2e/a.go": true, "a/testdata/b.yaml": true, "src/app.spec.ts": true,
		"cmd/main.go": false, "latest/x.yaml": false, "contest/a.env": false, "deploy/values.yaml": false,
	} {
		if got := testPath(p); got != want {
			t.Errorf("testPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestDirMatcherAgrees checks the walker's per-directory ignore matcher
// against go-git's matcher on random trees and ignore files.
func TestDirMatcherAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	names := []string{"a", "b", "vendor", "out", "x.go", "y.txt", "_output", "docs", "a.b"}
	lines := []string{"a", "b/", "!b", "*.go", "!x.go", "vendor/", "/out", "docs/*.txt", "**/a", "a/**", "[", "*.txt ", "x.go\\ ",
		"!/a", "_output/", "out/a", "a/b/", "*", "!*.txt", "a.*", "#c", `\#x`, "?"}
	n, ignored := 0, 0
	f := filepath.Join(t.TempDir(), ".gitignore")
	for range 300 {
		depth := 1 + rng.IntN(4)
		comps := make([]string, depth)
		for i := range comps {
			comps[i] = names[rng.IntN(len(names))]
		}
		dir := comps[:depth-1]
		// Ignore files at the root and at some of the directories on the way.
		var pats []ignorePattern
		for d := 0; d <= len(dir); d++ {
			if d > 0 && rng.IntN(2) == 0 {
				continue
			}
			var b strings.Builder
			for range 1 + rng.IntN(5) {
				b.WriteString(lines[rng.IntN(len(lines))] + "\n")
			}
			if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			pats = append(pats, readPatterns(f, dir[:d])...)
		}
		ps := make([]gitignore.Pattern, len(pats))
		for i, p := range pats {
			ps[i] = p.p
		}
		want := gitignore.NewMatcher(ps)
		got := newDirMatcher(pats, dir)
		for _, isDir := range []bool{false, true} {
			n++
			w := want.Match(comps, isDir)
			if g := got.match(comps, isDir); g != w {
				t.Fatalf("%q (dir %v): the directory matcher says ignored=%v, go-git %v", strings.Join(comps, "/"), isDir, g, w)
			}
			if w {
				ignored++
			}
		}
	}
	if ignored == 0 || ignored == n {
		t.Fatalf("%d of %d paths ignored: the cases test nothing", ignored, n)
	}
}
