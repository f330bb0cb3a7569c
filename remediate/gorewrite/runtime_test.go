package gorewrite_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

// TestRuntimeModules checks the runtime modules that rewritten programs
// require (nested in this repository, joined to it by go.work): `go test
// ./...` of the main module does not reach them, so this runs their vet
// and tests; each builds on its own, as a module that requires it sees it
// (GOWORK=off); and each links only what its documentation says.
func TestRuntimeModules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet, go test and go list on the runtime modules")
	}
	root := testenv.RepoRoot(t)
	run := func(dir string, env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out.String())
		}
		return out.String()
	}
	patterns := []string{}
	for _, m := range testenv.RuntimeModules {
		patterns = append(patterns, m+"/...")
	}
	run(root, nil, append([]string{"vet"}, patterns...)...)
	run(root, nil, append([]string{"test", "-count=1"}, patterns...)...)

	// Standalone: the go.mod and go.sum of each runtime module are
	// complete (only the test files use this repository's helpers).
	for _, m := range testenv.RuntimeModules {
		dir := filepath.Join(root, strings.TrimPrefix(m, "github.com/secretlint-go/secretlint/"))
		run(dir, []string{"GOWORK=off", "GOFLAGS=-mod=readonly"}, "build", "./...")
	}

	const mod = "github.com/secretlint-go/secretlint/"
	tests := []struct {
		pkg     string
		forbid  []string
		require []string
	}{
		{pkg: gorewrite.RuntimePackage, forbid: []string{"github.com/aws/", "github.com/hashicorp/", mod + "remediate", mod + "internal"}},
		{pkg: gorewrite.DefaultBackends["awssecrets"], forbid: []string{"github.com/hashicorp/", mod + "remediate", mod + "internal"}, require: []string{"github.com/aws/aws-sdk-go-v2/service/secretsmanager"}},
		{pkg: gorewrite.DefaultBackends["vault"], forbid: []string{"github.com/aws/", mod + "remediate", mod + "internal"}, require: []string{"github.com/hashicorp/vault/api"}},
		// The analyzers (and so the golangci-lint plugin) stay free of the
		// runtime's backends and of every cloud SDK.
		{pkg: mod + "analyzers", forbid: []string{gorewrite.RuntimePackage, "github.com/aws/", "github.com/hashicorp/vault", mod + "remediate"}},
	}
	for _, tt := range tests {
		deps := strings.Fields(run(root, nil, "list", "-deps", tt.pkg))
		for _, d := range deps {
			for _, f := range tt.forbid {
				if strings.HasPrefix(d, f) {
					t.Errorf("%s depends on %s", tt.pkg, d)
				}
			}
		}
		for _, r := range tt.require {
			found := false
			for _, d := range deps {
				found = found || d == r
			}
			if !found {
				t.Errorf("%s does not depend on %s", tt.pkg, r)
			}
		}
	}
}

// TestRuntimeCopies checks that the runtime's copies of the helpers it
// shares with remediate's stores are those helpers: the runtime modules
// cannot import this module's internal packages without requiring the
// whole of secretlint.
func TestRuntimeCopies(t *testing.T) {
	root := testenv.RepoRoot(t)
	for orig, cp := range map[string]string{
		"internal/awsenv/awsenv.go":     "secretref/awssecrets/internal/awsenv/awsenv.go",
		"internal/vaultenv/vaultenv.go": "secretref/vault/internal/vaultenv/vaultenv.go",
	} {
		a, err := os.ReadFile(filepath.Join(root, orig))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(root, cp))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from %s: copy it again", cp, orig)
		}
	}
}
