package yamlscan

import (
	"reflect"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

var fakeValue = fakesecret.Password

func TestSplitKeyPath(t *testing.T) {
	for kp, want := range map[string][]string{
		"a.b":                         {"a", "b"},
		`[".base"].variables.X`:       {".base", "variables", "X"},
		"jobs.d.steps[1].with.a-b":    {"jobs", "d", "steps", "1", "with", "a-b"},
		`env[DB_PASSWORD].value`:      {"env", "DB_PASSWORD", "value"},
		`x["a\"b"]`:                   {"x", `a"b`},
		"all.children.web.hosts.w1.p": {"all", "children", "web", "hosts", "w1", "p"},
	} {
		if got := SplitKeyPath(kp); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitKeyPath(%q) = %q, want %q", kp, got, want)
		}
	}
}

// metaOf scans src as the file at p and returns the metadata of the
// finding at key path kp.
func metaOf(t *testing.T, p, src string) map[string]map[string]string {
	t.Helper()
	res, err := Scan([]byte(src), Options{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, f := range res.Findings {
		out[f.KeyPath] = f.Meta
	}
	return out
}

func checkMeta(t *testing.T, got map[string]map[string]string, want map[string]map[string]string) {
	t.Helper()
	for kp, wm := range want {
		m, ok := got[kp]
		if !ok {
			t.Errorf("no finding at %s (found %v)", kp, got)
			continue
		}
		for k, v := range wm {
			if m[k] != v {
				t.Errorf("%s: Meta[%s] = %q, want %q (%v)", kp, k, m[k], v, m)
			}
		}
		for k := range m {
			if _, ok := wm[k]; !ok && k != "format" {
				t.Errorf("%s: unexpected Meta[%s] = %q", kp, k, m[k])
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d findings, want %d: %v", len(got), len(want), got)
	}
}

func TestGitLabCIMeta(t *testing.T) {
	src := "variables:\n  DEPLOY_TOKEN: " + fakeValue(24) + "\n  REGION: eu-west-1\n" +
		"default:\n  variables:\n    API_KEY: " + fakeValue(24) + "\n" +
		".base:\n  extends: .x\n  variables:\n    DB_PASSWORD:\n      value: " + fakeValue(16) + "\n      description: db\n" +
		"build:\n  stage: build\n  variables:\n    DB_PASSWORD: " + fakeValue(16) + "\n  script:\n    - make\n" +
		"test:\n  services:\n    - name: postgres:16\n      variables:\n        POSTGRES_PASSWORD: " + fakeValue(16) + "\n  script:\n    - make test\n"
	for _, p := range []string{".gitlab-ci.yml", "ci/templates/build.yml"} {
		got := metaOf(t, p, src)
		checkMeta(t, got, map[string]map[string]string{
			"variables.DEPLOY_TOKEN":                       {"format": "gitlab-ci", "gitlab.scope": "global", "gitlab.section": "variables", "gitlab.variable": "DEPLOY_TOKEN"},
			"default.variables.API_KEY":                    {"format": "gitlab-ci", "gitlab.scope": "default", "gitlab.section": "variables", "gitlab.variable": "API_KEY"},
			`[".base"].variables.DB_PASSWORD.value`:        {"format": "gitlab-ci", "gitlab.scope": "job", "gitlab.job": ".base", "gitlab.section": "variables", "gitlab.variable": "DB_PASSWORD"},
			"build.variables.DB_PASSWORD":                  {"format": "gitlab-ci", "gitlab.scope": "job", "gitlab.job": "build", "gitlab.section": "variables", "gitlab.variable": "DB_PASSWORD"},
			"test.services[0].variables.POSTGRES_PASSWORD": {"format": "gitlab-ci", "gitlab.scope": "job", "gitlab.job": "test", "gitlab.section": "service-variables", "gitlab.service": "0", "gitlab.variable": "POSTGRES_PASSWORD"},
		})
	}
	// Not GitLab CI: a mapping of mappings without jobs.
	if got := metaOf(t, "config.yml", "db:\n  password: "+fakeValue(16)+"\n"); got["db.password"]["format"] != "yaml" {
		t.Errorf("plain YAML taken for %q", got["db.password"]["format"])
	}
}

func TestActionsMeta(t *testing.T) {
	src := "on: push\nenv:\n  API_KEY: " + fakeValue(24) + "\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      DB_PASSWORD: " + fakeValue(16) +
		"\n    steps:\n      - uses: actions/checkout@v4\n      - uses: some/action@v1\n        with:\n          api-token: " + fakeValue(24) +
		"\n        env:\n          SECRET_KEY: " + fakeValue(24) + "\n" +
		"    services:\n      db:\n        image: postgres\n        env:\n          POSTGRES_PASSWORD: " + fakeValue(16) + "\n"
	checkMeta(t, metaOf(t, ".github/workflows/ci.yml", src), map[string]map[string]string{
		"env.API_KEY":                                   {"format": "actions", "actions.scope": "workflow", "actions.section": "env", "actions.key": "API_KEY"},
		"jobs.deploy.env.DB_PASSWORD":                   {"format": "actions", "actions.scope": "job", "actions.job": "deploy", "actions.section": "env", "actions.key": "DB_PASSWORD"},
		"jobs.deploy.steps[1].with.api-token":           {"format": "actions", "actions.scope": "step", "actions.job": "deploy", "actions.step": "1", "actions.section": "with", "actions.key": "api-token"},
		"jobs.deploy.steps[1].env.SECRET_KEY":           {"format": "actions", "actions.scope": "step", "actions.job": "deploy", "actions.step": "1", "actions.section": "env", "actions.key": "SECRET_KEY"},
		"jobs.deploy.services.db.env.POSTGRES_PASSWORD": {"format": "actions", "actions.scope": "job", "actions.job": "deploy", "actions.section": "service-env", "actions.service": "db", "actions.key": "POSTGRES_PASSWORD"},
	})
	src = "name: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n      env:\n        API_TOKEN: " + fakeValue(24) + "\n"
	checkMeta(t, metaOf(t, "action.yml", src), map[string]map[string]string{
		"runs.steps[0].env.API_TOKEN": {"format": "actions", "actions.scope": "action", "actions.step": "0", "actions.section": "env", "actions.key": "API_TOKEN"},
	})
}

func TestAnsibleMeta(t *testing.T) {
	vars := "app_user: deploy\napp_db_password: " + fakeValue(16) + "\nvault_token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539666234\nref_password: \"{{ vault_app_password }}\"\n"
	cases := []struct {
		path string
		meta map[string]string
	}{
		{"group_vars/web.yml", map[string]string{"ansible.kind": "group_vars", "ansible.group": "web"}},
		{"inv/group_vars/web/main.yml", map[string]string{"ansible.kind": "group_vars", "ansible.group": "web"}},
		{"host_vars/db1.yaml", map[string]string{"ansible.kind": "host_vars", "ansible.host": "db1"}},
		{"roles/app/defaults/main.yml", map[string]string{"ansible.kind": "defaults", "ansible.role": "app"}},
		{"roles/app/vars/main.yml", map[string]string{"ansible.kind": "vars", "ansible.role": "app"}},
		{"vars/prod.yml", map[string]string{"ansible.kind": "vars"}},
	}
	for _, c := range cases {
		m := map[string]string{"format": "ansible", "ansible.var": "app_db_password"}
		for k, v := range c.meta {
			m[k] = v
		}
		checkMeta(t, metaOf(t, c.path, vars), map[string]map[string]string{"app_db_password": m})
	}
	inv := "all:\n  children:\n    web:\n      hosts:\n        web1:\n          ansible_password: " + fakeValue(16) + "\n      vars:\n        db_password: " + fakeValue(16) + "\n"
	checkMeta(t, metaOf(t, "hosts.yml", inv), map[string]map[string]string{
		"all.children.web.hosts.web1.ansible_password": {"format": "ansible", "ansible.kind": "inventory", "ansible.group": "web", "ansible.host": "web1", "ansible.var": "ansible_password"},
		"all.children.web.vars.db_password":            {"format": "ansible", "ansible.kind": "inventory", "ansible.group": "web", "ansible.var": "db_password"},
	})
	play := "- hosts: web\n  vars:\n    api_token: " + fakeValue(24) + "\n  tasks: []\n"
	checkMeta(t, metaOf(t, "site.yml", play), map[string]map[string]string{
		"[0].vars.api_token": {"format": "ansible", "ansible.kind": "playbook", "ansible.var": "api_token"},
	})
}
