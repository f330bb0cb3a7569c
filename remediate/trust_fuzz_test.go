package remediate_test

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testtree"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
)

// FuzzReadPlan feeds plan files to ReadPlan and to the checks apply runs
// before it creates the journal: none panics, and no path that leaves the
// root or passes through the tree's link is ever accepted. Inputs are
// resealed under the salt, so that the checks behind the ID are reached.
func FuzzReadPlan(f *testing.F) {
	seedRoot := f.TempDir()
	testtree.Write(f, seedRoot, map[string]string{"deploy/values.yaml": "db:\n  password: fake-Q7wQ7wQ7w-not-a-secret\n"})
	st := memstore.New(memstore.Options{Kind: "vault"})
	p, err := remediate.NewPlan(f.Context(), scanTree(f, seedRoot), remediate.PlanOptions{Root: seedRoot, Refs: st, Salt: trustSalt})
	if err != nil {
		f.Fatal(err)
	}
	b, _ := p.MarshalIndent()
	f.Add(b)
	for _, bad := range []string{"../x.yaml", "/etc/passwd", "link/values.yaml", "deploy/./values.yaml", "deploy\\..\\..\\x", "deploy/values.yaml/", ""} {
		f.Add([]byte(strings.Replace(string(b), `"path": "deploy/values.yaml"`, `"path": `+quoteJSON(bad), 1)))
	}
	f.Add([]byte(strings.Replace(string(b), `"offset": `, `"offset": 99999`, 1)))

	root := f.TempDir()
	testtree.Write(f, root, map[string]string{"deploy/values.yaml": "db:\n  password: fake-Q7wQ7wQ7w-not-a-secret\n"})
	outside := f.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = remediate.ReadPlan(data, trustSalt) // must not panic
		var p remediate.Plan
		if json.Unmarshal(data, &p) != nil {
			return
		}
		p.Format = remediate.PlanFormat
		p.Reseal(trustSalt)
		sealed, err := json.Marshal(&p)
		if err != nil {
			return
		}
		q, err := remediate.ReadPlan(sealed, trustSalt)
		if err != nil {
			return
		}
		err = q.Preflight(root, trustSalt)
		var paths []string
		for _, pf := range q.Files {
			paths = append(paths, pf.Path)
		}
		for _, ef := range q.EnvFiles {
			paths = append(paths, ef.Path)
		}
		for _, p := range paths {
			if !filepath.IsLocal(filepath.FromSlash(p)) || path.IsAbs(p) || slices.Contains(strings.Split(p, "/"), "..") {
				t.Fatalf("ReadPlan accepted the path %q", p)
			}
			if err == nil && strings.HasPrefix(p, "link/") {
				t.Fatalf("preflight accepted %q, through a link", p)
			}
		}
	})
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
