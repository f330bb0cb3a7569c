package remediate_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/remediate"
)

// TestActionsConsumer moves the step env: and with: values of a workflow
// behind an inserted fetch step, moves the workflow- and job-level env:
// variables into the env: of the steps that read them, and checks the
// rewritten workflow with actionlint.
func TestActionsConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/actions/tree", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if n != 5 || len(left) != 0 {
				t.Errorf("moved %d of %d findings (want 5); left: %q", n, len(cr.findings), left)
			}
			for _, l := range left {
				if !strings.Contains(l, "before any step runs") {
					t.Errorf("left for another reason: %s", l)
				}
			}
			const wf = ".github/workflows/ci.yml"
			got := cr.read(t, wf)
			uses := "aws-actions/aws-secretsmanager-get-secrets@"
			if backend == "vault" {
				uses = "hashicorp/vault-action@"
			}
			if c := strings.Count(got, uses); c != 2 {
				t.Errorf("%d fetch steps, want one per job (2):\n%s", c, got)
			}
			// Three step values, and the workflow- and job-level variables
			// in each step of the jobs that read them (2×4 in build, 1 in
			// deploy).
			if c := strings.Count(got, "${{ env.SECRETLINT_CI_"); c != 12 {
				t.Errorf("%d values read from the fetch step's env, want 12", c)
			}
			actionlintClean(t, wf, got)
			cr.finish(t, "../testdata/remediate/consumers/actions/golden/"+backend)
		})
	}
}

// TestActionsConsumerEarlyStep: with AWS, a step that reads a value
// before configure-aws-credentials keeps it (steps are not reordered) and
// only that value is left; the others move, fetched after the
// credentials. Vault authenticates itself and moves all three. A
// service's env: and a composite action are left, with their reasons.
func TestActionsConsumerEarlyStep(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/actions-early/tree", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			want := map[string]int{"aws": 2, "vault": 3}[backend]
			if n != want || len(left) != 5-want {
				t.Errorf("moved %d of %d findings (want %d); left: %q", n, len(cr.findings), want, left)
			}
			reasons := []string{
				"deploy.yml: hardcoded-credential: the env: of service deploy.services.postgres is read when the runner starts",
				"action.yml: npm-access-token: a composite action (action.yml) is not rewritten yet",
			}
			if backend == "aws" {
				reasons = append(reasons, "github-pat: step 2 of job deploy reads the value before aws-actions/configure-aws-credentials (step 3)")
			}
			for _, l := range left {
				if !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(l, r) }) {
					t.Errorf("left for another reason: %s", l)
				}
			}
			const wf = ".github/workflows/deploy.yml"
			got := cr.read(t, wf)
			if backend == "aws" {
				if f, c := strings.Index(got, "aws-secretsmanager-get-secrets"), strings.Index(got, "configure-aws-credentials"); f < c {
					t.Errorf("the fetch step runs before configure-aws-credentials:\n%s", got)
				}
				if !strings.Contains(got, "password: ghp_") {
					t.Error("the value of the step before the credentials was moved")
				}
			}
			actionlintClean(t, wf, got)
			cr.finish(t, "../testdata/remediate/consumers/actions-early/golden/"+backend)
		})
	}
}

// actionlintClean fails if actionlint (v1.7.12, built by scripts/tools.sh
// actionlint into .tools/bin: its YAML library version conflicts with
// compose-go's in this module) reports an error on a workflow.
func actionlintClean(t *testing.T, name, content string) {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("..", ".tools", "bin", "actionlint"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_ACTIONLINT") != "" {
			t.Fatalf("actionlint is missing (%v) and SECRETLINT_REQUIRE_ACTIONLINT is set (scripts/tools.sh actionlint)", err)
		}
		t.Log("actionlint is not installed (scripts/tools.sh actionlint): checked by the goldens only")
		return
	}
	dir := t.TempDir()
	file := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), bin, "-no-color", "-shellcheck=", "-pyflakes=", "-format", "{{range $err := .}}{{$err.Filepath}}:{{$err.Line}}:{{$err.Column}}: {{$err.Kind}}\n{{end}}", name)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		// Kinds and positions only: a message may quote the file.
		t.Errorf("actionlint reports errors on the rewritten workflow (%v):\n%s", err, out)
	}
}

// TestGitLabConsumer moves the global and the job variable into the jobs'
// secrets: and validates the rewritten file against GitLab's CI schema
// (the one gitlab-ci-local bundles; scripts/tools.sh gitlab-ci-schema).
func TestGitLabConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/gitlab", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if n != 2 || len(left) != 0 {
				t.Errorf("moved %d of %d findings (want 2); left: %q", n, len(cr.findings), left)
			}
			got := cr.read(t, ".gitlab-ci.yml")
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(got), &doc); err != nil {
				t.Fatal(err)
			}
			// test and deploy read the global variable; lint turns global
			// variables off; .docker is a template.
			for job, want := range map[string]int{"test": 1, "deploy": 2, "lint": 0, ".docker": 0} {
				s, _ := doc[job].(map[string]any)["secrets"].(map[string]any)
				if len(s) != want {
					t.Errorf("job %s has %d secrets, want %d", job, len(s), want)
				}
			}
			if v, _ := doc["variables"].(map[string]any); v["SENTRY_AUTH_TOKEN"] != nil || v["GO_VERSION"] != "1.22" {
				t.Errorf("global variables: %v", v)
			}
			gitlabSchemaValid(t, got)
			cr.finish(t, "../testdata/remediate/consumers/gitlab/golden/"+backend)
		})
	}
}

// TestGitLabConsumerIncludes moves the variables of an included file
// (a template's own, a job's), and leaves with an exact reason the main
// file's global variable (the included jobs read it too), the included
// file's global variable (every file's jobs read it), a variable
// under default: (GitLab rejects it) and a service's variable (the
// service container gets no secrets:).
func TestGitLabConsumerIncludes(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/gitlab-include/tree", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if n != 3 || len(left) != 4 {
				t.Errorf("moved %d of %d findings (want 3, 4 left); left: %q", n, len(cr.findings), left)
			}
			for _, want := range []string{
				"deploy.yml: sonar-api-token: this file is not the pipeline's .gitlab-ci.yml",
				".gitlab-ci.yml: hardcoded-credential: jobs of the files this one includes (include:) read global variables too",
				".gitlab-ci.yml: npm-access-token: GitLab does not accept variables: under default:",
				".gitlab-ci.yml: hardcoded-credential: a service's variables: go to the service container (job test)",
			} {
				if !slices.ContainsFunc(left, func(l string) bool { return strings.Contains(l, want) }) {
					t.Errorf("no finding left as %q; left: %q", want, left)
				}
			}
			inc := cr.read(t, ".gitlab/ci/deploy.yml")
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(inc), &doc); err != nil {
				t.Fatal(err)
			}
			for job, want := range map[string]string{".deploy_template": "AWS_SECRET_ACCESS_KEY", "deploy_prod": "HELM_REPO_PASSWORD"} {
				s, _ := doc[job].(map[string]any)["secrets"].(map[string]any)
				if len(s) != 1 || s[want] == nil {
					t.Errorf("job %s has secrets %v, want only %s", job, s, want)
				}
			}
			// An included file validates as a file of jobs on its own.
			// (The main file keeps its default: variables:, which GitLab's
			// schema rejects: the reason the value is left.)
			gitlabSchemaValid(t, inc)
			cr.finish(t, "../testdata/remediate/consumers/gitlab-include/golden/"+backend)
		})
	}
}

// gitlabSchemaValid validates a GitLab CI file against GitLab's schema.
func gitlabSchemaValid(t *testing.T, content string) {
	t.Helper()
	file := filepath.Join("..", ".tools", "gitlab-ci-schema", "gitlab-ci.json")
	if _, err := os.Stat(file); err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_GITLAB_SCHEMA") != "" {
			t.Fatalf("GitLab's CI schema is missing (%v) and SECRETLINT_REQUIRE_GITLAB_SCHEMA is set (scripts/tools.sh gitlab-ci-schema)", err)
		}
		t.Log("GitLab's CI schema is not installed (scripts/tools.sh gitlab-ci-schema): checked by the goldens only")
		return
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(doc)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("the rewritten file does not validate against GitLab's CI schema: %v", err)
	}
}

// TestCIConsumerEdges runs the GitLab, Actions and Ansible consumers on
// the cases they move with care or leave with a reason: a job that
// already has secrets:, a variable in GitLab's expanded form, a value
// GitLab would expand, a workflow-level variable read as ${{ env.X }}, a
// job-level variable one step overrides, a reusable workflow's with:, a
// secret inside a URL or next to Jinja.
func TestCIConsumerEdges(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/ci-edge/tree", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if n != 3 || len(left) != 5 {
				t.Errorf("moved %d of %d findings (want 3, 5 left); left: %q", n, len(cr.findings), left)
			}
			for _, want := range []string{
				"edge.yml: hardcoded-credential: the workflow reads SENTRY_TOKEN as ${{ env.SENTRY_TOKEN }}",
				"edge.yml: github-pat: the with: of a reusable workflow call",
				".gitlab-ci.yml: hardcoded-credential: the value holds $",
				"all.yml: url-credentials: the secret is part of a larger value",
				"all.yml: github-pat: the secret is part of a larger value",
			} {
				if !slices.ContainsFunc(left, func(l string) bool { return strings.Contains(l, want) }) {
					t.Errorf("no finding left as %q; left: %q", want, left)
				}
			}
			gl := cr.read(t, ".gitlab-ci.yml")
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(gl), &doc); err != nil {
				t.Fatal(err)
			}
			release := doc["release"].(map[string]any)
			if s := release["secrets"].(map[string]any); len(s) != 3 || s["SIGNING_KEY"] == nil || s["DEPLOY_TOKEN"] == nil || s["NPM_TOKEN"] == nil {
				t.Errorf("release secrets: %v", s)
			}
			if _, ok := doc["variables"]; ok {
				t.Errorf("the emptied global variables: is still there")
			}
			gitlabSchemaValid(t, gl)
			wf := cr.read(t, ".github/workflows/edge.yml")
			// The job-level variable moves into Upload and Report, not into
			// Metrics, which sets its own; with AWS the fetch step goes
			// after configure-aws-credentials, which does not get it.
			want := map[string]int{"aws": 2, "vault": 3}[backend]
			if c := strings.Count(wf, "DATADOG_API_KEY: ${{ env.SECRETLINT_EDGE_"); c != want {
				t.Errorf("DATADOG_API_KEY set from the store in %d steps, want %d:\n%s", c, want, wf)
			}
			if backend == "aws" && strings.Index(wf, "aws-secretsmanager-get-secrets") < strings.Index(wf, "configure-aws-credentials") {
				t.Error("the fetch step runs before configure-aws-credentials")
			}
			actionlintClean(t, ".github/workflows/edge.yml", wf)
			cr.finish(t, "../testdata/remediate/consumers/ci-edge/golden/"+backend)
		})
	}
}
