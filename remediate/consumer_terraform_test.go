package remediate_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/secretlint-go/secretlint/remediate"
)

// TestTerraformConsumer plans and applies the terraform consumer on a
// small module (a provider key, a variable default, a resource with a
// write-only twin, an environment map with a token and a URL password, a
// token in user_data, a .tfvars and a .tfvars.json value), for both
// backends: every value moves, every rewritten .tf file parses with
// hclsyntax (the .tfvars.json file with encoding/json), the variables
// moved to the env map resolve to the original values, and the shared
// checks hold (goldens, no value left, nothing to do on a second plan,
// byte-for-byte rollback). remediate/tfrewrite's tests prove with HCL's
// evaluator that each rewritten argument reads back to its value.
func TestTerraformConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/terraform", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if len(left) > 0 || n != len(cr.findings) {
				t.Errorf("moved %d of %d findings; left: %q", n, len(cr.findings), left)
			}
			if got := cr.consumersOf(); len(got) != 1 || got[0] != "terraform" {
				t.Errorf("consumers %q, want terraform", got)
			}
			for _, pf := range cr.plan.Files {
				if !strings.Contains(pf.Needs, "Terraform") {
					t.Errorf("%s: the plan does not say what Terraform needs: %q", pf.Path, pf.Needs)
				}
				got := cr.read(t, pf.Path)
				if strings.HasSuffix(pf.Path, ".json") {
					if !json.Valid([]byte(got)) {
						t.Errorf("%s is not valid JSON after the rewrite", pf.Path)
					}
					continue
				}
				if _, diags := hclsyntax.ParseConfig([]byte(got), pf.Path, hcl.InitialPos); diags.HasErrors() {
					t.Errorf("%s does not parse after the rewrite: %v", pf.Path, diags)
				}
			}
			// A variable default goes to the directory's env map; a
			// .tfvars file's values to an env map named after it.
			type where struct{ envMap, v string }
			want := map[where]string{}
			for _, f := range cr.findings {
				switch {
				case f.KeyPath == "variable.db_password.default":
					want[where{remediate.DefaultEnvFileName, "TF_VAR_db_password"}] = f.Secret.Reveal()
				case f.File == "prod.tfvars":
					want[where{"prod." + remediate.DefaultEnvFileName, "TF_VAR_admin_password"}] = f.Secret.Reveal()
				case f.File == "staging.tfvars.json":
					want[where{"staging." + remediate.DefaultEnvFileName, "TF_VAR_api_token"}] = f.Secret.Reveal()
				}
			}
			if len(want) != 3 {
				t.Fatalf("the fixture's variables: %d found", len(want))
			}
			for w, val := range want {
				if cr.envFiles[w.envMap][w.v] != val {
					t.Errorf("%s in %s does not resolve to the value it replaces", w.v, w.envMap)
				}
			}
			cr.finish(t, filepath.Join("../testdata/remediate/consumers/terraform/golden", backend))
		})
	}
}
