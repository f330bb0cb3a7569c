package remediate_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/remediate"
)

// dbtEnvVarCall is dbt's {{ env_var('NAME') }} or
// {{ env_var('NAME', 'default') }} (either quote).
var dbtEnvVarCall = regexp.MustCompile(`\{\{\s*env_var\(\s*(['"])([^'"]*)['"]\s*(?:,\s*(['"])([^'"]*)['"]\s*)?\)\s*\}\}`)

var errDBTEnvVar = errors.New("env var required but not provided")

// dbtRender renders a dbt YAML file as dbt reads it: YAML first, then each
// string value's env_var calls from env (a missing variable without a
// default is dbt's "Env var required but not provided"). It returns every
// scalar by its path.
func dbtRender(content string, env map[string]string) (map[string]string, error) {
	scalars, err := flattenYAML(content)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for p, v := range scalars {
		scalars[p] = dbtEnvVarCall.ReplaceAllStringFunc(v, func(call string) string {
			m := dbtEnvVarCall.FindStringSubmatch(call)
			if v, ok := env[m[2]]; ok {
				return v
			}
			if m[3] != "" {
				return m[4]
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("%s: %w: %s", p, errDBTEnvVar, m[2])
			}
			return ""
		})
	}
	return scalars, firstErr
}

// TestDBTConsumers proves the three dbt consumers by rendering env_var
// with the env map: profiles.yml, dbt_project.yml and packages.yml each
// read back, value for value, as the originals; a project var reads no
// DBT_ENV_SECRET_ variable (dbt refuses them there) and a package token
// reads DBT_ENV_SECRET_GIT_CREDENTIAL.
func TestDBTConsumers(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/dbt", backend, remediate.PlanOptions{})
			cr.allMoved(t, "dbt-profiles", "dbt-project", "dbt-packages")
			env := cr.env["."]
			proven := 0
			for _, pf := range cr.plan.Files {
				want, err := dbtRender(cr.orig[pf.Path], nil)
				if err != nil {
					t.Fatalf("%s: the original does not render: %v", pf.Path, err)
				}
				rewritten := cr.read(t, pf.Path)
				if _, err := dbtRender(rewritten, nil); !errors.Is(err, errDBTEnvVar) {
					t.Errorf("%s renders without its variables (%v); dbt must refuse", pf.Path, err)
				}
				got, err := dbtRender(rewritten, env)
				if err != nil {
					t.Errorf("%s does not render with the env map: %v", pf.Path, err)
					continue
				}
				same := len(got) == len(want)
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s: %s renders to another value", pf.Path, k)
						same = false
					}
				}
				if !same {
					continue
				}
				switch pf.Path {
				case "dbt_project.yml":
					if strings.Contains(rewritten, "DBT_ENV_SECRET_") {
						t.Errorf("dbt_project.yml reads a DBT_ENV_SECRET_ variable, which dbt refuses there")
					}
					if pf.Consumer != "dbt-project" {
						t.Errorf("dbt_project.yml: consumer %q", pf.Consumer)
					}
				case "packages.yml":
					if !strings.Contains(rewritten, `"https://{{ env_var('DBT_ENV_SECRET_GIT_CREDENTIAL') }}@github.com/acme/dbt-internal-macros.git"`) {
						t.Errorf("packages.yml: the token is not {{ env_var('DBT_ENV_SECRET_GIT_CREDENTIAL') }}")
					}
				case "profiles.yml":
					if pf.Consumer != "dbt-profiles" {
						t.Errorf("profiles.yml: consumer %q", pf.Consumer)
					}
				}
				proven++
			}
			t.Logf("dbt: %d of %d rewritten files render to the original values", proven, len(cr.plan.Files))
			if proven != 3 || proven != len(cr.plan.Files) {
				t.Errorf("%d of %d rewritten files proven, want 3 of 3", proven, len(cr.plan.Files))
			}
			cr.finish(t, "../testdata/remediate/consumers/dbt/golden")
		})
	}
}

// TestDBTPackagesSeveralTokens: two private packages with their own tokens
// get a variable each (one DBT_ENV_SECRET_GIT_CREDENTIAL cannot hold
// both), and the file renders to the original URLs.
func TestDBTPackagesSeveralTokens(t *testing.T) {
	cr := runConsumer(t, "../testdata/remediate/consumers/dbt-packages-multi", "aws", remediate.PlanOptions{})
	cr.allMoved(t, "dbt-packages")
	want, err := dbtRender(cr.orig["packages.yml"], nil)
	if err != nil {
		t.Fatal(err)
	}
	rewritten := cr.read(t, "packages.yml")
	got, err := dbtRender(rewritten, cr.env["."])
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s renders to another value", k)
		}
	}
	for _, v := range []string{"DBT_ENV_SECRET_GIT_CREDENTIAL_MACROS_A", "DBT_ENV_SECRET_GIT_CREDENTIAL_MACROS_B"} {
		if _, ok := cr.env["."][v]; !ok || !strings.Contains(rewritten, v) {
			t.Errorf("%s is not used and mapped", v)
		}
	}
	cr.finish(t, "../testdata/remediate/consumers/dbt-packages-multi/golden")
}
