package refaudit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testtree"
	"github.com/secretlint-go/secretlint/remediate/refaudit"
)

// ciGoldens are the files remediate's Ansible, GitLab and Actions
// consumers write (their goldens), under the names the programs read.
var ciGoldens = map[string]string{
	"ansible/golden/%s/inventory/group_vars/all.yml.golden": "inventory/group_vars/all.yml",
	"ansible/golden/%s/roles/web/defaults/main.yml.golden":  "roles/web/defaults/main.yml",
	"ansible/golden/%s/playbooks/site.yml.golden":           "playbooks/site.yml",
	"gitlab/golden/%s/.gitlab-ci.yml.golden":                ".gitlab-ci.yml",
	"actions/golden/%s/.github/workflows/ci.yml.golden":     ".github/workflows/ci.yml",
}

// TestCIFinders finds every reference the CI consumers write, with the
// secret and key remediate stored the value under.
func TestCIFinders(t *testing.T) {
	want := map[string][]string{
		"aws": {
			"actions .github/workflows/ci.yml:20 aws secretlint/.github/workflows/ci#",
			"actions .github/workflows/ci.yml:54 aws secretlint/.github/workflows/ci#",
			"gitlab .gitlab-ci.yml:16 aws secretlint/.gitlab-ci#variables.SENTRY_AUTH_TOKEN",
			"gitlab .gitlab-ci.yml:28 aws secretlint/.gitlab-ci#variables.SENTRY_AUTH_TOKEN",
			"gitlab .gitlab-ci.yml:33 aws secretlint/.gitlab-ci#deploy.variables.AWS_SECRET_ACCESS_KEY",
			"ansible inventory/group_vars/all.yml:4 aws secretlint/inventory/group_vars/all#db_password",
			"ansible inventory/group_vars/all.yml:5 aws secretlint/inventory/group_vars/all#stripe_api_key",
			"ansible roles/web/defaults/main.yml:3 aws secretlint/roles/web/defaults/main#web_session_secret",
			"ansible roles/web/defaults/main.yml:4 aws secretlint/roles/web/defaults/main#web_github_token",
			"ansible playbooks/site.yml:5 aws secretlint/playbooks/site#0.vars.grafana_admin_password",
		},
		"vault": {
			"actions .github/workflows/ci.yml:23 vault secret/secretlint/.github/workflows/ci#env.SENTRY_TOKEN",
			"actions .github/workflows/ci.yml:24 vault secret/secretlint/.github/workflows/ci#jobs.build.env.DATADOG_API_KEY",
			"actions .github/workflows/ci.yml:25 vault secret/secretlint/.github/workflows/ci#jobs.build.steps.2.env.NPM_TOKEN",
			"actions .github/workflows/ci.yml:26 vault secret/secretlint/.github/workflows/ci#jobs.build.steps.3.with.slack-bot-token",
			"actions .github/workflows/ci.yml:62 vault secret/secretlint/.github/workflows/ci#env.SENTRY_TOKEN",
			"actions .github/workflows/ci.yml:63 vault secret/secretlint/.github/workflows/ci#jobs.deploy.steps.0.env.STRIPE_KEY",
			"gitlab .gitlab-ci.yml:15 vault secret/secretlint/.gitlab-ci#variables.SENTRY_AUTH_TOKEN",
			"gitlab .gitlab-ci.yml:25 vault secret/secretlint/.gitlab-ci#variables.SENTRY_AUTH_TOKEN",
			"gitlab .gitlab-ci.yml:28 vault secret/secretlint/.gitlab-ci#deploy.variables.AWS_SECRET_ACCESS_KEY",
			"ansible inventory/group_vars/all.yml:4 vault secret/secretlint/inventory/group_vars/all#db_password",
			"ansible inventory/group_vars/all.yml:5 vault secret/secretlint/inventory/group_vars/all#stripe_api_key",
			"ansible roles/web/defaults/main.yml:3 vault secret/secretlint/roles/web/defaults/main#web_session_secret",
			"ansible roles/web/defaults/main.yml:4 vault secret/secretlint/roles/web/defaults/main#web_github_token",
			"ansible playbooks/site.yml:5 vault secret/secretlint/playbooks/site#0.vars.grafana_admin_password",
		},
	}
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{}
			for src, dst := range ciGoldens {
				b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "remediate", "consumers", fmt.Sprintf(src, backend)))
				if err != nil {
					t.Fatal(err)
				}
				files[dst] = string(b)
			}
			testtree.Write(t, root, files)
			tree, err := refaudit.LoadTree(root, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range refaudit.Find(tree) {
				where := r.Name
				if r.Mount != "" {
					where = r.Mount + "/" + r.Name
				}
				got = append(got, fmt.Sprintf("%s %s:%d %s %s#%s", r.Form, r.File, r.Line, r.Backend, where, r.Key))
			}
			w := slices.Clone(want[backend])
			slices.Sort(w)
			slices.Sort(got)
			if !slices.Equal(got, w) {
				t.Errorf("references:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
			}
		})
	}
}
