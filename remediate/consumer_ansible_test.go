package remediate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
	"github.com/secretlint-go/secretlint/remediate/awssm"
)

// TestAnsibleConsumer moves the literals of group_vars and role defaults
// into lookups and keeps the !vault value. With Debian's ansible
// installed, ansible itself renders every rewritten variable, and each
// must equal the original: the Vault lookups against a Vault dev server,
// the amazon.aws lookups against the kumo emulator (see ansibleAWSShim).
func TestAnsibleConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/ansible", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			// Five literals move; the !vault value is not a finding.
			if n != 5 || len(left) != 0 {
				t.Errorf("moved %d of %d findings (want 5); left: %q", n, len(cr.findings), left)
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
			ansibleRender(t, cr, backend)
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

// TestAnsibleConsumerINI moves the variables of an INI inventory (host
// lines, plain and quoted, and a [group:vars] line) into lookups, and
// ansible reads each back to the original through the rewritten
// inventory: the Vault lookups against a Vault dev server, the amazon.aws
// lookups against kumo.
func TestAnsibleConsumerINI(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/ansible-ini/tree", backend, remediate.PlanOptions{})
			cr.allMoved(t, "ansible")
			got := cr.read(t, "inventories/prod/hosts")
			if c := strings.Count(got, `"{{ `) - 1; c != 3 || strings.Count(got, "lookup('") != 3 {
				t.Errorf("%d values are lookups in double quotes, want 3:\n%s", c, got)
			}
			if !strings.Contains(got, `ansible_password="{{ vault_web_password }}"`) {
				t.Error("the templated value was touched")
			}
			ansibleRenderINI(t, cr, backend, 3)
			cr.finish(t, "../testdata/remediate/consumers/ansible-ini/golden/"+backend)
		})
	}
}

// ansibleAWSShim points boto3 at the kumo emulator. amazon.aws 5.5.1's
// aws_secret lookup has no endpoint option, and Debian 12's botocore
// (1.29) predates AWS_ENDPOINT_URL, so a sitecustomize module on the
// test's PYTHONPATH gives every boto3 client the emulator's URL. Nothing
// else of the lookup changes: it reads the secret and walks the JSON as
// it would against AWS.
const ansibleAWSShim = `import os
_endpoint = os.environ.get("SECRETLINT_TEST_AWS_ENDPOINT")
if _endpoint:
    import boto3.session
    _client = boto3.session.Session.client
    def _client_at_endpoint(self, *args, **kwargs):
        kwargs.setdefault("endpoint_url", _endpoint)
        return _client(self, *args, **kwargs)
    boto3.session.Session.client = _client_at_endpoint
`

// ansibleRender stores the run's values in a Vault dev server or the kumo
// AWS emulator and has ansible render each rewritten variable with debug.
func ansibleRender(t *testing.T, cr *consumerRun, backend string) {
	t.Helper()
	a, err := newAnsibleRunner(t, cr, backend)
	if err != nil {
		t.Logf("%v: the lookups are checked by the goldens only", err)
		return
	}
	rendered := 0
	for _, pf := range cr.plan.Files {
		n, err := a.same(t, pf.Path, cr.orig[pf.Path], cr.read(t, pf.Path))
		if err != nil {
			t.Error(err)
		}
		rendered += n
	}
	if rendered != 5 {
		t.Errorf("ansible rendered %d variables, want 5", rendered)
	}
}

// ansibleRunner runs ansible against a store holding a run's values.
type ansibleRunner struct {
	bin string
	env []string
}

// newAnsibleRunner copies the values of a run into a Vault dev server or
// the kumo emulator for ansible to read. Without ansible (or boto3 for
// AWS) it returns an error matching errNoChecker, or fails the test when
// SECRETLINT_REQUIRE_ANSIBLE is set.
func newAnsibleRunner(t *testing.T, cr *consumerRun, backend string) (*ansibleRunner, error) {
	t.Helper()
	bin, err := exec.LookPath("ansible")
	if err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_ANSIBLE") != "" {
			t.Fatal("ansible is not installed and SECRETLINT_REQUIRE_ANSIBLE is set (scripts/tools.sh ansible)")
		}
		return nil, fmt.Errorf("%w: ansible is not installed (scripts/tools.sh ansible installs it)", errNoChecker)
	}
	env := append(os.Environ(), "ANSIBLE_HOME="+t.TempDir(), "ANSIBLE_LOCAL_TEMP="+t.TempDir(), "ANSIBLE_NOCOLOR=1",
		"ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3")
	switch backend {
	case "vault":
		addr, token := testenv.Vault(t)
		// The stored values, as the run left them in its store.
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
		env = append(env, "VAULT_ADDR="+addr, "VAULT_TOKEN="+token)
	case "aws":
		if out, err := exec.Command("/usr/bin/python3", "-c", "import boto3").CombinedOutput(); err != nil {
			if os.Getenv("SECRETLINT_REQUIRE_ANSIBLE") != "" {
				t.Fatalf("python3-boto3 is not installed and SECRETLINT_REQUIRE_ANSIBLE is set (scripts/tools.sh ansible): %s", out)
			}
			return nil, fmt.Errorf("%w: python3-boto3 is not installed", errNoChecker)
		}
		url, cfg := testenv.AWS(t)
		st := awssm.NewFromConfig(cfg, awssm.Options{})
		for _, s := range cr.plan.Secrets {
			e, err := cr.store.Read(t.Context(), s.Name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Write(t.Context(), s.Name, e.Values, "", remediate.Meta{}); err != nil {
				t.Fatal(err)
			}
		}
		creds, err := cfg.Credentials.Retrieve(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		shim := t.TempDir()
		if err := os.WriteFile(filepath.Join(shim, "sitecustomize.py"), []byte(ansibleAWSShim), 0o600); err != nil {
			t.Fatal(err)
		}
		env = append(env, "PYTHONPATH="+shim, "SECRETLINT_TEST_AWS_ENDPOINT="+url, "AWS_ACCESS_KEY_ID="+creds.AccessKeyID,
			"AWS_SECRET_ACCESS_KEY="+creds.SecretAccessKey, "AWS_DEFAULT_REGION="+cfg.Region, "AWS_CONFIG_FILE=/dev/null",
			"AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	}
	return &ansibleRunner{bin: bin, env: env}, nil
}

// same has ansible render each variable of a rewritten vars file (or
// playbook) that holds a lookup, and checks that it equals the
// original's. It returns how many variables ansible rendered.
func (a *ansibleRunner) same(t *testing.T, name, orig, rewritten string) (int, error) {
	t.Helper()
	doc, want := ansibleVars(t, rewritten), ansibleVars(t, orig)
	// ansible -e takes a vars file: a playbook's play vars are
	// written to one.
	varsFile := filepath.Join(t.TempDir(), "vars.yml")
	b, err := yaml.Marshal(doc)
	if err != nil {
		return 0, err
	}
	if err := os.WriteFile(varsFile, b, 0o600); err != nil {
		return 0, err
	}
	rendered := 0
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		expr, ok := doc[k].(string)
		if !ok || !strings.Contains(expr, "lookup(") {
			continue
		}
		// ansible -e with the rewritten file as extra vars renders
		// the variable the way a play does.
		cmd := exec.CommandContext(t.Context(), a.bin, "localhost", "-c", "local", "-i", "localhost,", "-m", "debug",
			"-a", "var="+k, "-e", "@"+varsFile, "-o")
		cmd.Env = a.env
		out, err := cmd.CombinedOutput()
		w, _ := want[k].(string)
		if err != nil || !strings.Contains(string(out), `"`+k+`": "`+w+`"`) {
			// Never print the output: it may hold the value.
			errs = append(errs, fmt.Errorf("ansible does not render %s of %s back to the original (err %w, %d bytes of output)", k, name, err, len(out)))
		}
		rendered++
	}
	return rendered, errors.Join(errs...)
}

// ansibleRenderINI has ansible read each moved value of an INI inventory
// through the inventory itself (ansible -i FILE PATTERN -m debug -a
// var=NAME), on the host of a host line or on every host of a
// [group:vars] group, and each must equal the original.
func ansibleRenderINI(t *testing.T, cr *consumerRun, backend string, want int) {
	t.Helper()
	a, err := newAnsibleRunner(t, cr, backend)
	if err != nil {
		t.Logf("%v: the lookups are checked by the goldens only", err)
		return
	}
	bin, env := a.bin, a.env
	rendered := 0
	for _, f := range cr.findings {
		if cr.skipped(f) || f.Meta["ansible.kind"] != "inventory" || strings.HasSuffix(f.File, ".yml") {
			continue
		}
		pattern := f.Meta["ansible.group"]
		if h := f.Meta["ansible.host"]; h != "" {
			pattern = h
		}
		k := f.Meta["ansible.var"]
		cmd := exec.CommandContext(t.Context(), bin, pattern, "-i", filepath.Join(cr.root, filepath.FromSlash(f.File)),
			"-m", "debug", "-a", "var="+k, "-o")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		ok := err == nil && len(lines) > 0
		for _, l := range lines {
			ok = ok && strings.Contains(l, "SUCCESS") && strings.Contains(l, `"`+k+`": "`+f.Secret.Reveal()+`"`)
		}
		if !ok {
			// Never print the output: it may hold the value.
			t.Errorf("ansible does not read %s of %s in %s back to the original (err %v, %d bytes of output)", k, pattern, f.File, err, len(out))
		}
		rendered++
	}
	if rendered != want {
		t.Errorf("ansible read %d inventory variables, want %d", rendered, want)
	}
}

// ansibleVars returns the variables of a vars file, or the first play's
// vars of a playbook.
func ansibleVars(t *testing.T, content string) map[string]any {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		t.Fatal(err)
	}
	if plays, ok := doc.([]any); ok && len(plays) > 0 {
		play, _ := plays[0].(map[string]any)
		doc = play["vars"]
	}
	m, _ := doc.(map[string]any)
	return m
}
