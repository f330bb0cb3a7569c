package testenv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// RuntimeModules are the runtime's modules, nested in this repository:
// the core and one per backend.
var RuntimeModules = []string{
	modulePath + "/secretref",
	modulePath + "/secretref/awssecrets",
	modulePath + "/secretref/vault",
}

// RepoRoot returns the root of this repository's checkout.
func RepoRoot(t testing.TB) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// SetGoEnv sets, for the rest of t, the environment that go commands run
// by the test (and by the code under test) in temporary modules need on
// a fresh machine, where only the module proxy is reachable:
//
//   - GOWORK=off: this repository's go.work is not theirs;
//   - GOFLAGS=-mod=mod: go.mod and go.sum of the temporary module are
//     completed as the build needs;
//   - GOSUMDB=off: the checksum database may be unreachable. It is only
//     set together with go.sum lines the test ships (AddGoSum, UseRuntime),
//     which are then what verifies every module this repository uses.
func SetGoEnv(t *testing.T) {
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOSUMDB", "off")
}

// AddGoSum appends the go.sum lines of this repository's modules (the
// main module and the runtime's) to dir/go.sum.
func AddGoSum(t testing.TB, dir string) {
	t.Helper()
	root := RepoRoot(t)
	old, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	lines := strings.Split(string(old), "\n")
	for _, m := range append([]string{modulePath}, RuntimeModules...) {
		b, err := os.ReadFile(filepath.Join(root, strings.TrimPrefix(strings.TrimPrefix(m, modulePath), "/"), "go.sum"))
		if err != nil {
			if os.IsNotExist(err) {
				continue // the core needs nothing
			}
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	out := strings.TrimLeft(strings.Join(lines, "\n"), "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// UseRuntime does in the module at dir what a user does before remediating
// with a development build of secretlint (the `go get` remediate prints):
// it makes the module require the runtime modules, here from this checkout
// (replace directives), adds the go.sum lines, and downloads through the
// proxy every module that the runtime and the module's packages and tests
// need, so that remediate's offline proof finds them in the module cache.
// It calls SetGoEnv.
func UseRuntime(t *testing.T, dir string) {
	t.Helper()
	SetGoEnv(t)
	root := RepoRoot(t)
	args := []string{"mod", "edit"}
	for _, m := range RuntimeModules {
		local := filepath.Join(root, strings.TrimPrefix(m, modulePath+"/"))
		args = append(args, "-require="+m+"@v0.0.0-00010101000000-000000000000", "-replace="+m+"="+local)
	}
	GoCmd(t, dir, args...)
	AddGoSum(t, dir)
	GoCmd(t, dir, "list", "-deps", "-test", "./...")
	GoCmd(t, dir, append([]string{"list", "-deps"}, RuntimeModules...)...)
}

// GoCmd runs the go command in dir with the test's environment and returns
// its output; it fails t if the command fails.
func GoCmd(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}
