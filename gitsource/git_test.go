package gitsource_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/gitsource"
	"github.com/secretlint-go/secretlint/internal/gittest"
)

func open(t *testing.T, r *gittest.Repo) *gitsource.Repo {
	t.Helper()
	g, err := gitsource.Open(context.Background(), r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func byPath(fs []gitsource.File) map[string]gitsource.File {
	m := map[string]gitsource.File{}
	for _, f := range fs {
		m[f.Path] = f
	}
	return m
}

func TestStaged(t *testing.T) {
	r := gittest.New(t)
	r.Write("keep.txt", "one\ntwo\nthree\n")
	r.Write("old name.txt", "alpha\nbeta\ngamma\ndelta\n")
	r.Write("gone.txt", "bye\n")
	r.Write("unstaged.txt", "clean\n")
	r.Commit("base")

	// Modified: line 2 replaced, line 4 added; then edited again in the
	// work tree only (the index version is what counts).
	r.Write("keep.txt", "one\nTWO staged\nthree\nfour staged\n")
	r.Git("add", "keep.txt")
	r.Write("keep.txt", "one\ntwo\nthree\n")
	// Renamed with one changed line.
	r.Git("mv", "old name.txt", "new name é.txt")
	r.Write("new name é.txt", "alpha\nbeta\nGAMMA\ndelta\n")
	r.Git("add", "new name é.txt")
	// New, deleted, and an unstaged change.
	r.Write("dir/new.txt", "n1\nn2")
	r.Git("add", "dir/new.txt")
	r.Git("rm", "-q", "gone.txt")
	r.Write("unstaged.txt", "dirty\n")

	files, err := open(t, r).Staged(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byPath(files)
	if len(got) != 3 {
		t.Fatalf("staged files: %v, want keep.txt, new name é.txt, dir/new.txt", keys(got))
	}
	k := got["keep.txt"]
	if string(k.Content) != "one\nTWO staged\nthree\nfour staged\n" {
		t.Errorf("keep.txt content is not the index version: %q", k.Content)
	}
	if !reflect.DeepEqual(k.Added, gitsource.Ranges{{2, 2}, {4, 4}}) || k.New {
		t.Errorf("keep.txt added %v new %v, want [{2 2} {4 4}] false", k.Added, k.New)
	}
	rn := got["new name é.txt"]
	if !reflect.DeepEqual(rn.Added, gitsource.Ranges{{3, 3}}) {
		t.Errorf("renamed file added %v, want [{3 3}]", rn.Added)
	}
	n := got["dir/new.txt"]
	if !n.New || !reflect.DeepEqual(n.Added, gitsource.Ranges{{1, 2}}) || string(n.Content) != "n1\nn2" {
		t.Errorf("new file: %+v", n)
	}
}

func TestStagedUnbornBranch(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "x\n")
	r.Git("add", "a.txt")
	files, err := open(t, r).Staged(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "a.txt" || !files[0].New {
		t.Fatalf("got %+v", files)
	}
}

func TestStagedNothing(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "x\n")
	r.Commit("c")
	r.Write("a.txt", "unstaged\n")
	files, err := open(t, r).Staged(context.Background())
	if err != nil || len(files) != 0 {
		t.Fatalf("got %v, %v; want nothing", files, err)
	}
}

func TestBlobs(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "hello\n")
	r.Write("b.bin", "\x00\x01\x02")
	r.Commit("c")
	a := r.Git("rev-parse", "HEAD:a.txt")
	b := r.Git("rev-parse", "HEAD:b.bin")
	tree := r.Git("rev-parse", "HEAD^{tree}")
	got, err := open(t, r).Blobs(context.Background(), []string{a, strings.Repeat("0", 39) + "1", b, tree})
	if err != nil {
		t.Fatal(err)
	}
	if string(got[0]) != "hello\n" || got[1] != nil || string(got[2]) != "\x00\x01\x02" || got[3] != nil {
		t.Fatalf("got %q", got)
	}
}

func TestHistory(t *testing.T) {
	r := gittest.New(t)
	r.Write("app.env", "A=1\n")
	c1 := r.Commit("first")
	r.Write("app.env", "A=1\nTOKEN=added-in-second\n")
	c2 := r.Commit("second")
	r.Write("app.env", "A=1\n")
	r.Write("other.txt", "x\ny\n")
	c3 := r.Commit("remove it")

	type add struct {
		commit, path string
		lines        []string
		nums         []int
	}
	collect := func(opts gitsource.HistoryOptions) []add {
		var got []add
		err := open(t, r).History(context.Background(), opts, func(a *gitsource.Addition) error {
			if a.Commit.Author != "Test Author" || a.Commit.Email != "author@example.com" || a.Commit.Date == "" {
				t.Errorf("commit metadata %+v", a.Commit)
			}
			got = append(got, add{a.Commit.Hash, a.Path, a.Lines, a.LineNumbers})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := []add{
		{c3, "other.txt", []string{"x", "y"}, []int{1, 2}},
		{c2, "app.env", []string{"TOKEN=added-in-second"}, []int{2}},
		{c1, "app.env", []string{"A=1"}, []int{1}},
	}
	if got := collect(gitsource.HistoryOptions{}); !reflect.DeepEqual(got, want) {
		t.Errorf("all history:\ngot  %+v\nwant %+v", got, want)
	}
	if got := collect(gitsource.HistoryOptions{Since: c2}); !reflect.DeepEqual(got, want[:1]) {
		t.Errorf("since c2: got %+v, want %+v", got, want[:1])
	}
	if got := collect(gitsource.HistoryOptions{LogOpts: []string{c1 + ".." + c2}}); !reflect.DeepEqual(got, want[1:2]) {
		t.Errorf("log-opts c1..c2: got %+v, want %+v", got, want[1:2])
	}
	if got := collect(gitsource.HistoryOptions{LogOpts: []string{"--all", "--", "other.txt"}}); !reflect.DeepEqual(got, want[:1]) {
		t.Errorf("log-opts with a pathspec: got %+v, want %+v", got, want[:1])
	}
	a := gitsource.Addition{Lines: []string{"x", "y"}}
	if string(a.Content()) != "x\ny\n" {
		t.Errorf("Content = %q", a.Content())
	}
}

func TestHistoryEmptyRepo(t *testing.T) {
	r := gittest.New(t)
	err := open(t, r).History(context.Background(), gitsource.HistoryOptions{}, func(*gitsource.Addition) error {
		t.Error("no additions expected")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChanged(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "1\n2\n3\n")
	r.Write("b.txt", "b\n")
	r.Commit("base")
	r.Git("branch", "base")
	r.Git("checkout", "-q", "-b", "feature")
	r.Write("a.txt", "1\n2 changed\n3\n")
	r.Commit("feature change")
	// Advance base after branching: the merge base is what counts.
	r.Git("checkout", "-q", "base")
	r.Write("b.txt", "b changed on base\n")
	r.Commit("base moves")
	r.Git("checkout", "-q", "feature")
	// Uncommitted and untracked work counts too; ignored files don't.
	r.Write("a.txt", "1\n2 changed\n3\n4 uncommitted\n")
	r.Write("new.txt", "untracked\n")
	r.Write(".gitignore", "ignored.txt\n")
	r.Write("ignored.txt", "nope\n")

	g := open(t, r)
	files, err := g.Changed(context.Background(), "base")
	if err != nil {
		t.Fatal(err)
	}
	got := byPath(files)
	if _, ok := got["b.txt"]; ok {
		t.Error("b.txt changed only on the base branch and must not be scanned")
	}
	if _, ok := got["ignored.txt"]; ok {
		t.Error("ignored file scanned")
	}
	if a := got["a.txt"]; !reflect.DeepEqual(a.Added, gitsource.Ranges{{2, 2}, {4, 4}}) {
		t.Errorf("a.txt added %v, want [{2 2} {4 4}]", a.Added)
	}
	if n := got["new.txt"]; !n.New || string(n.Content) != "untracked\n" {
		t.Errorf("untracked new.txt: %+v", n)
	}
	if _, err := g.Changed(context.Background(), "no-such-rev"); err == nil || !strings.Contains(err.Error(), "unknown revision") {
		t.Errorf("unknown revision error = %v", err)
	}
	if _, err := g.Changed(context.Background(), "--output=/tmp/x"); err == nil {
		t.Error("a revision starting with - must be refused")
	}
}

func keys(m map[string]gitsource.File) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestStagedOddNames: names git quotes in patches (tabs, quotes,
// non-ASCII, spaces) still get their added lines.
func TestStagedOddNames(t *testing.T) {
	r := gittest.New(t)
	names := []string{"tab\tname.txt", `quo"te.txt`, "ünï côdé.txt", "space name.txt", `back\slash.txt`}
	for _, n := range names {
		r.Write(n, "a\nb\n")
	}
	r.Commit("base")
	for _, n := range names {
		r.Write(n, "a\nB\nc\n")
	}
	r.Git("add", "-A")
	files, err := open(t, r).Staged(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byPath(files)
	for _, n := range names {
		f, ok := got[n]
		if !ok {
			t.Errorf("%q not staged; got %q", n, keys(got))
			continue
		}
		if !reflect.DeepEqual(f.Added, gitsource.Ranges{{2, 3}}) {
			t.Errorf("%q: added %v, want [{2 3}]", n, f.Added)
		}
	}
}

func TestStagedMaxBlobSize(t *testing.T) {
	r := gittest.New(t)
	r.Write("small.txt", "ok\n")
	r.Write("big.txt", strings.Repeat("x", 5000)+"\n")
	r.Git("add", "-A")
	g := open(t, r)
	g.MaxBlobSize = 1000
	files, err := g.Staged(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byPath(files)
	if b := got["big.txt"]; !b.TooLarge || b.Content != nil || b.Blob == "" {
		t.Errorf("big.txt: TooLarge %v, %d bytes read, blob %q", b.TooLarge, len(b.Content), b.Blob)
	}
	if s := got["small.txt"]; s.TooLarge || string(s.Content) != "ok\n" {
		t.Errorf("small.txt: %+v", s)
	}
}

func TestOpenFindsRoot(t *testing.T) {
	r := gittest.New(t)
	r.Write("a/b/c.txt", "x\n")
	for _, dir := range []string{r.Dir, filepath.Join(r.Dir, "a", "b")} {
		g, err := gitsource.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := filepath.EvalSymlinks(r.Dir)
		got, _ := filepath.EvalSymlinks(g.Root)
		if got != want {
			t.Errorf("Open(%s).Root = %s, want %s", dir, g.Root, r.Dir)
		}
	}
	// A linked work tree has a .git file.
	r.Commit("c")
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", wt)
	g, err := gitsource.Open(context.Background(), filepath.Join(wt, "a"))
	if err != nil || g.Root != wt {
		t.Errorf("linked work tree: root %v, %v; want %s", g, err, wt)
	}
	if _, err := gitsource.Open(context.Background(), t.TempDir()); err == nil {
		t.Error("Open outside a repository succeeded")
	}
}
