package remediate_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/secretlint-go/secretlint/remediate"
)

// loadCompose loads a compose file the way docker compose does, with env
// as the environment, and returns the resolved project as JSON.
func loadCompose(t *testing.T, file string, env map[string]string) (string, error) {
	t.Helper()
	content, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  filepath.Dir(file),
		ConfigFiles: []types.ConfigFile{{Filename: file, Content: content}},
		Environment: env,
	}, func(o *loader.Options) {
		o.SetProjectName("proof", true)
		o.SkipResolveEnvironment = false
	})
	if err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b), nil
}

// TestComposeConsumer proves the compose rewrite with compose-go, the
// loader docker compose uses: the rewritten file, given the env map's
// variables, loads to the same project as the original; without them
// compose refuses to start.
func TestComposeConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/compose", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if len(left) > 0 || n != len(cr.findings) {
				t.Errorf("moved %d of %d findings; left: %q", n, len(cr.findings), left)
			}
			if got := cr.consumersOf(); len(got) != 1 || got[0] != "compose" {
				t.Errorf("consumers %q, want compose", got)
			}
			// Variables the original file already reads.
			base := map[string]string{"API_TOKEN": "from-the-environment", "QUEUE_TOKEN": "from-the-environment"}
			origDir := t.TempDir()
			if err := os.WriteFile(filepath.Join(origDir, "docker-compose.yml"), []byte(cr.orig["docker-compose.yml"]), 0o600); err != nil {
				t.Fatal(err)
			}
			want, err := loadCompose(t, filepath.Join(origDir, "docker-compose.yml"), base)
			if err != nil {
				t.Fatalf("the original does not load: %v", err)
			}
			want = strings.ReplaceAll(want, origDir, "ROOT")
			rewritten := filepath.Join(cr.root, "docker-compose.yml")
			if _, err := loadCompose(t, rewritten, base); err == nil || !strings.Contains(err.Error(), "must be set") {
				t.Errorf("the rewritten file loads without its variables (%v); compose must refuse", err)
			}
			env := maps.Clone(base)
			maps.Copy(env, cr.env["."])
			got, err := loadCompose(t, rewritten, env)
			if err != nil {
				t.Fatalf("the rewritten file does not load with the env map: %v", err)
			}
			if got = strings.ReplaceAll(got, cr.root, "ROOT"); got != want {
				t.Errorf("the rewritten project differs from the original:\n%s", diffLines(want, got))
			}
			cr.finish(t, "../testdata/remediate/consumers/compose/golden")
		})
	}
}

// diffLines lists the lines of b that a lacks, and of a that b lacks.
func diffLines(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for l := range strings.SplitSeq(s, "\n") {
			m[l] = true
		}
		return m
	}
	ia, ib := in(a), in(b)
	var out []string
	for l := range strings.SplitSeq(a, "\n") {
		if !ib[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range strings.SplitSeq(b, "\n") {
		if !ia[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
