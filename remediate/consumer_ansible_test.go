package remediate_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
)

// TestAnsibleConsumer moves the literals of group_vars and role defaults
// into lookups and keeps the !vault value. With the vault backend and
// Debian's ansible installed, ansible itself renders every rewritten
// variable against a Vault dev server holding the stored values, and each
// must equal the original.
func TestAnsibleConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/ansible", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			// Four literals move; the !vault value is not a finding.
			if n != 4 || len(left) != 0 {
				t.Errorf("moved %d of %d findings (want 4); left: %q", n, len(cr.findings), left)
			}
			if got := cr.consumersOf(); len(got) != 1 || got[0] != "ansible" {
				t.Errorf("consumers %q, want ansible", got)
			}
			vars := cr.read(t, "inventory/group_vars/all.yml")
			if !strings.Contains(vars, "$ANSIBLE_VAULT;1.1;AES256") {
				t.Error("the !vault value was touched")
			}
			want := "amazon.aws.aws_secret"
			if backend == "vault" {
				want = "community.hashi_vault.vault_kv2_get"
			}
			if !strings.Contains(vars, want) {
				t.Errorf("group_vars hold no %s lookup:\n%s", want, vars)
			}
			if backend == "vault" {
				ansibleRender(t, cr)
			}
			cr.finish(t, "../testdata/remediate/consumers/ansible/golden/"+backend)
		})
	}
	t.Run("secretsmanager_secret", func(t *testing.T) {
		cr := runConsumer(t, "../testdata/remediate/consumers/ansible", "aws", remediate.PlanOptions{AnsibleAWSLookup: "secretsmanager_secret"})
		if got := cr.read(t, "roles/web/defaults/main.yml"); !strings.Contains(got, "lookup('amazon.aws.secretsmanager_secret', ") {
			t.Errorf("--ansible-aws-lookup secretsmanager_secret not written:\n%s", got)
		}
	})
}

// ansibleRender stores the run's values in a Vault dev server and has
// ansible render each rewritten variable with debug.
func ansibleRender(t *testing.T, cr *consumerRun) {
	t.Helper()
	bin, err := exec.LookPath("ansible")
	if err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_ANSIBLE") != "" {
			t.Fatal("ansible is not installed and SECRETLINT_REQUIRE_ANSIBLE is set (scripts/tools.sh ansible)")
		}
		t.Log("ansible is not installed: the lookups are checked by the goldens only (scripts/tools.sh ansible installs it)")
		return
	}
	addr, token := testenv.Vault(t)
	// The stored values, as the run left them in the in-memory store.
	for _, s := range cr.plan.Secrets {
		e, err := cr.store.Read(t.Context(), s.Name)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"data": e.Values})
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, addr+"/v1/secret/data/"+s.Name, bytes.NewReader(body))
		req.Header.Set("X-Vault-Token", token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("writing %s to Vault: %s", s.Name, resp.Status)
		}
	}
	rendered := 0
	for _, pf := range cr.plan.Files {
		var doc map[string]any
		if err := yaml.Unmarshal([]byte(cr.read(t, pf.Path)), &doc); err != nil {
			t.Fatal(err)
		}
		var orig map[string]any
		if err := yaml.Unmarshal([]byte(cr.orig[pf.Path]), &orig); err != nil {
			t.Fatal(err)
		}
		for _, k := range slices.Sorted(mapsKeys(doc)) {
			expr, ok := doc[k].(string)
			if !ok || !strings.Contains(expr, "lookup(") {
				continue
			}
			// ansible -e with the rewritten file as extra vars renders
			// the variable the way a play does.
			cmd := exec.CommandContext(t.Context(), bin, "localhost", "-c", "local", "-i", "localhost,", "-m", "debug",
				"-a", "var="+k, "-e", "@"+filepath.Join(cr.root, filepath.FromSlash(pf.Path)), "-o")
			cmd.Env = append(os.Environ(), "VAULT_ADDR="+addr, "VAULT_TOKEN="+token, "ANSIBLE_HOME="+t.TempDir(),
				"ANSIBLE_LOCAL_TEMP="+t.TempDir(), "ANSIBLE_NOCOLOR=1", "ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3")
			out, err := cmd.CombinedOutput()
			got := string(out)
			want, _ := orig[k].(string)
			if err != nil || !strings.Contains(got, `"`+k+`": "`+want+`"`) {
				// Never print the output: it may hold the value.
				t.Errorf("ansible does not render %s of %s back to the original (err %v, %d bytes of output)", k, pf.Path, err, len(out))
			}
			rendered++
		}
	}
	if rendered != 4 {
		t.Errorf("ansible rendered %d variables, want 4", rendered)
	}
}

func mapsKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
