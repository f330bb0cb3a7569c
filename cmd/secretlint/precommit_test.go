package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/gittest"
)

// TestPreCommitFramework runs the real pre-commit (Debian's package) with
// this checkout as the hook repository: it clones it, builds secretlint
// with "language: golang" (go install ./...), and runs the hook on
// commits. It is skipped only when pre-commit is not installed, and
// fails instead when SECRETLINT_REQUIRE_PRECOMMIT=1, which CI sets after
// installing it (scripts/tools.sh pre-commit: apt-get install pre-commit).
func TestPreCommitFramework(t *testing.T) {
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_PRECOMMIT") == "1" {
			t.Fatal("pre-commit is not installed and SECRETLINT_REQUIRE_PRECOMMIT=1: run scripts/tools.sh pre-commit")
		}
		t.Skip("pre-commit is not installed (scripts/tools.sh pre-commit); CI installs it and sets SECRETLINT_REQUIRE_PRECOMMIT=1")
	}
	// Go caches, taken before the test isolates HOME.
	goEnv := map[string]string{}
	for _, k := range []string{"GOMODCACHE", "GOCACHE", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatal(err)
		}
		goEnv[k] = strings.TrimSpace(string(out))
	}
	home := gittest.Isolate(t)
	for k, v := range goEnv {
		// pre-commit sets GOPATH to its environment directory; keeping
		// the module and build caches avoids downloading every module.
		t.Setenv(k, v)
	}
	t.Setenv("PRE_COMMIT_HOME", filepath.Join(home, "pre-commit-cache"))
	t.Setenv("PRE_COMMIT_COLOR", "never")

	hookRepo, rev := snapshotModule(t)
	bin := secretlintBinary(t)

	setup := func(t *testing.T, hookID string) *gittest.Repo {
		r := gittest.New(t)
		cfg := "repos:\n- repo: " + hookRepo + "\n  rev: " + rev + "\n  hooks:\n  - id: " + hookID + "\n"
		r.Write(".pre-commit-config.yaml", cfg)
		r.Write("README.md", "# app\n")
		r.Write("app.yaml", "name: app\n")
		c := exec.Command(precommit, "install")
		c.Dir = r.Dir
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("pre-commit install: %v\n%s", err, out)
		}
		r.Git("add", "-A")
		if out, err := r.TryGit("commit", "-m", "init"); err != nil {
			t.Fatalf("first commit (pre-commit builds the hook here) failed: %v\n%s", err, out)
		}
		return r
	}
	commit := func(r *gittest.Repo, msg string) (string, error) {
		return r.TryGit("commit", "-m", msg)
	}
	refused := func(t *testing.T, out string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("commit with a staged secret succeeded:\n%s", out)
		}
		if !strings.Contains(out, "app.yaml:2:") || !strings.Contains(out, "github-pat") {
			t.Errorf("pre-commit output should show the finding:\n%s", out)
		}
		if strings.Contains(out, fakeGitHub) {
			t.Errorf("pre-commit output shows the secret:\n%s", out)
		} else {
			t.Logf("refused, as pre-commit printed it:\n%s", out)
		}
	}

	t.Run("language golang", func(t *testing.T) {
		r := setup(t, "secretlint")
		// A staged secret is refused, with the finding shown.
		r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
		r.Git("add", "app.yaml")
		out, err := commit(r, "leak")
		refused(t, out, err)

		// Staged, then edited away in the work tree only: still refused.
		r.Write("app.yaml", "name: app\n")
		out, err = commit(r, "leak, hidden")
		refused(t, out, err)
		if got, _ := os.ReadFile(filepath.Join(r.Dir, "app.yaml")); string(got) != "name: app\n" {
			t.Errorf("work tree changed by the hook: %q", got)
		}

		// Unstage it; with the secret only in the work tree a clean
		// change commits.
		r.Git("reset", "-q", "app.yaml")
		r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
		r.Write("README.md", "# app\n\nclean change\n")
		r.Git("add", "README.md")
		if out, err := commit(r, "clean"); err != nil {
			t.Errorf("clean commit with an unstaged secret was refused: %v\n%s", err, out)
		}
		if !strings.Contains(r.Git("diff", "--name-only"), "app.yaml") {
			t.Error("the unstaged change was lost")
		}
	})

	t.Run("all files", func(t *testing.T) {
		// pre-commit run --all-files passes every tracked file and stages
		// nothing: the hook scans the named files whole and fails on a
		// secret committed earlier (here with --no-verify); a plain commit
		// of another file still scans only its staged additions.
		t.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		r := setup(t, "secretlint-system")
		r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
		r.Git("add", "app.yaml")
		r.Git("commit", "-q", "--no-verify", "-m", "leak committed around the hook")
		run := func(args ...string) (string, error) {
			c := exec.Command(precommit, append([]string{"run"}, args...)...)
			c.Dir = r.Dir
			out, err := c.CombinedOutput()
			return string(out), err
		}
		out, err := run("--all-files")
		refused(t, out, err)
		out, err = run("--files", "app.yaml")
		refused(t, out, err)
		if out, err := run("--files", "README.md"); err != nil {
			t.Errorf("run --files on a clean file failed: %v\n%s", err, out)
		}
		r.Write("README.md", "# app\n\nclean change\n")
		r.Git("add", "README.md")
		if out, err := commit(r, "clean"); err != nil {
			t.Errorf("clean commit refused because of a secret in an unchanged file: %v\n%s", err, out)
		}
	})

	t.Run("language system", func(t *testing.T) {
		t.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		r := setup(t, "secretlint-system")
		r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
		r.Git("add", "app.yaml")
		out, err := commit(r, "leak")
		refused(t, out, err)
		r.Write("app.yaml", "name: app\ntoken: ${TOKEN}\n")
		r.Git("add", "app.yaml")
		if out, err := commit(r, "clean"); err != nil {
			t.Errorf("clean commit refused: %v\n%s", err, out)
		}
	})
}

// snapshotModule copies the module's files as they are now (tracked and
// untracked, not ignored) into a fresh repository with one commit, so
// that pre-commit builds the code under test rather than the last commit.
func snapshotModule(t *testing.T) (dir, rev string) {
	t.Helper()
	root := filepath.Join(pkgDir, "..", "..")
	c := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	c.Dir = root
	out, err := c.Output()
	if err != nil {
		t.Fatalf("listing module files: %v", err)
	}
	dst := gittest.New(t)
	n := 0
	for _, p := range bytes.Split(out, []byte{0}) {
		if len(p) == 0 {
			continue
		}
		src := filepath.Join(root, string(p))
		st, err := os.Lstat(src)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst.Dir, string(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if _, err := os.Stat(filepath.Join(dst.Dir, ".pre-commit-hooks.yaml")); err != nil || n < 10 {
		t.Fatalf("snapshot of %s has %d files and no .pre-commit-hooks.yaml", root, n)
	}
	return dst.Dir, dst.Commit("snapshot")
}
