package remediate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/internal/testtree"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
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
			if err := ciSame(t.Context(), actionsView, cr.orig[wf], got, cr.store); err != nil {
				t.Error(err)
			}
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
	switch err := actionlintErrors(t, name, content); {
	case errors.Is(err, errNoChecker):
		t.Logf("%v: checked by the goldens only", err)
	case err != nil:
		t.Error(err)
	}
}

// actionlintErrors returns actionlint's errors on a workflow, or an error
// matching errNoChecker when actionlint is missing (fatal with
// SECRETLINT_REQUIRE_ACTIONLINT).
func actionlintErrors(t *testing.T, name, content string) error {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("..", ".tools", "bin", "actionlint"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_ACTIONLINT") != "" {
			t.Fatalf("actionlint is missing (%v) and SECRETLINT_REQUIRE_ACTIONLINT is set (scripts/tools.sh actionlint)", err)
		}
		return fmt.Errorf("%w: actionlint is not installed (scripts/tools.sh actionlint)", errNoChecker)
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
		return fmt.Errorf("actionlint reports errors on the rewritten workflow (%w):\n%s", err, out)
	}
	return nil
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
			if err := ciSame(t.Context(), gitlabView, cr.orig[".gitlab-ci.yml"], got, cr.store); err != nil {
				t.Error(err)
			}
			cr.finish(t, "../testdata/remediate/consumers/gitlab/golden/"+backend)
		})
	}
}

// TestGitLabServiceVariable: a value in a service's variables: is left
// with the reason (GitLab gives service containers no external secret);
// the job's own variable beside it moves.
func TestGitLabServiceVariable(t *testing.T) {
	src := t.TempDir()
	// Clearly fake values, in the form the scanner finds.
	const ci = `test:
  image: python:3.12
  services:
    - name: postgres:16
      variables:
        POSTGRES_PASSWORD: Fake-tEstOnly-kq9Zx7
  variables:
    DEPLOY_TOKEN: glpat-FAKEfakeFAKEfake1234
  script:
    - pytest
`
	if err := os.WriteFile(filepath.Join(src, ".gitlab-ci.yml"), []byte(ci), 0o600); err != nil {
		t.Fatal(err)
	}
	cr := runConsumer(t, src, "vault", remediate.PlanOptions{})
	n, left := cr.moved()
	if n != 1 || len(left) != 1 || !strings.Contains(left[0], "a service's variables: go to the service container") {
		t.Errorf("moved %d; left %q, want the service's variable left with its reason", n, left)
	}
	got := cr.read(t, ".gitlab-ci.yml")
	if !strings.Contains(got, "POSTGRES_PASSWORD: Fake-tEstOnly-kq9Zx7") || strings.Contains(got, "glpat-") {
		t.Errorf("rewritten:\n%s", got)
	}
	gitlabSchemaValid(t, got)
}

// TestGitLabConsumerIncludes moves the variables of an included file
// (a template's own, a job's) and the main file's global variable, which
// the included file's deploy_prod reads too: the main file gets a
// deploy_prod entry with only secrets:, which GitLab merges into the
// included job. It leaves with an exact reason the included file's
// global variable (every file's jobs read it), a variable under
// default: (GitLab rejects it) and a service's variable (the service
// container gets no secrets:). The merged configuration validates and
// hands every job what the original handed it.
func TestGitLabConsumerIncludes(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/gitlab-include/tree", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			if n != 5 || len(left) != 3 {
				t.Errorf("moved %d of %d findings (want 5, 3 left); left: %q", n, len(cr.findings), left)
			}
			for _, want := range []string{
				"deploy.yml: sonar-api-token: this file is not the pipeline's .gitlab-ci.yml",
				".gitlab-ci.yml: npm-access-token: GitLab does not accept variables: under default:",
				".gitlab-ci.yml: hardcoded-credential: a service's variables: go to the service container (job test)",
			} {
				if !slices.ContainsFunc(left, func(l string) bool { return strings.Contains(l, want) }) {
					t.Errorf("no finding left as %q; left: %q", want, left)
				}
			}
			const incPath = ".gitlab/ci/deploy.yml"
			inc, main := cr.read(t, incPath), cr.read(t, ".gitlab-ci.yml")
			var doc, mdoc map[string]any
			if err := yaml.Unmarshal([]byte(inc), &doc); err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal([]byte(main), &mdoc); err != nil {
				t.Fatal(err)
			}
			for job, want := range map[string]string{".deploy_template": "AWS_SECRET_ACCESS_KEY", "deploy_prod": "HELM_REPO_PASSWORD"} {
				s, _ := doc[job].(map[string]any)["secrets"].(map[string]any)
				if len(s) != 1 || s[want] == nil {
					t.Errorf("job %s has secrets %v, want only %s", job, s, want)
				}
			}
			// The main file: the global variable is gone, the test job and
			// the included deploy_prod (an entry of secrets: only) get it;
			// the template, deploy_docs (inherit: variables: false) and
			// release_notes (sets it itself) get nothing.
			if g, _ := mdoc["variables"].(map[string]any); g["SENTRY_AUTH_TOKEN"] != nil {
				t.Errorf("the global variable is still in .gitlab-ci.yml: %v", g)
			}
			for _, job := range []string{"test", "deploy_prod"} {
				jm, _ := mdoc[job].(map[string]any)
				s, _ := jm["secrets"].(map[string]any)
				if s["SENTRY_AUTH_TOKEN"] == nil {
					t.Errorf("job %s in .gitlab-ci.yml has no secrets: SENTRY_AUTH_TOKEN: %v", job, jm)
				}
				if job == "deploy_prod" && len(jm) != 1 {
					t.Errorf("the entry deploy_prod in .gitlab-ci.yml holds more than secrets: %v", jm)
				}
			}
			for _, job := range []string{".deploy_template", "deploy_docs", "release_notes"} {
				if mdoc[job] != nil {
					t.Errorf(".gitlab-ci.yml has an entry %s: %v", job, mdoc[job])
				}
			}
			// An included file validates as a file of jobs on its own.
			gitlabSchemaValid(t, inc)
			// The main file on its own, its deploy_prod entry of secrets:
			// only included (GitLab's schema requires no script of a job),
			// and the merged configuration GitLab runs.
			gitlabSchemaValid(t, withoutDefaultVariables(t, main))
			before := gitlabMerged(t, cr.orig[".gitlab-ci.yml"], cr.orig[incPath])
			after := gitlabMerged(t, main, inc)
			// The main file keeps its default: variables:, which GitLab's
			// schema rejects (the reason that value is left): the merged
			// configuration is validated without it.
			gitlabSchemaValid(t, withoutDefaultVariables(t, after))
			if err := ciSame(t.Context(), gitlabView, before, after, cr.store); err != nil {
				t.Errorf("the merged configuration: %v", err)
			}
			cr.finish(t, "../testdata/remediate/consumers/gitlab-include/golden/"+backend)
		})
	}
}

// TestGitLabIncludeForms moves a main file's global variable into the
// jobs of a file included in the string form (a leading /), and leaves
// it, with the reason, where the included jobs cannot be seen or merged
// simply: a remote include, an include with rules:, a missing file, a
// symbolic link, a nested include, a job name also in the main file, an
// included file that sets the variable globally too.
func TestGitLabIncludeForms(t *testing.T) {
	// A clearly fake value, in a form the scanner finds.
	const main = `include: %s

variables:
  API_TOKEN: glpat-FAKEfakeFAKEfake1234

build:
  script:
    - make
`
	const jobs = "deploy:\n  script:\n    - ./deploy.sh\n"
	for _, tc := range []struct {
		name, include string
		files         map[string]string
		link          bool // ci/jobs.yml is a link to ci/real.yml
		why           string
	}{
		{name: "string", include: "/ci/jobs.yml", files: map[string]string{"ci/jobs.yml": jobs}},
		{name: "own-secret", include: "ci/jobs.yml", files: map[string]string{"ci/jobs.yml": jobs +
			"release:\n  secrets:\n    API_TOKEN:\n      vault: other/token@secret\n      file: false\n  script: [./release.sh]\n"}},
		{name: "remote", include: "\n  - remote: https://example.com/ci.yml", why: "is not a plain local file"},
		{name: "rules", include: "\n  - local: ci/jobs.yml\n    rules:\n      - if: $CI_COMMIT_TAG", files: map[string]string{"ci/jobs.yml": jobs},
			why: "is not a plain local file"},
		{name: "missing", include: "ci/jobs.yml", why: "it does not exist"},
		{name: "link", include: "ci/jobs.yml", files: map[string]string{"ci/real.yml": jobs}, link: true, why: "is a symbolic link"},
		{name: "nested", include: "ci/jobs.yml", files: map[string]string{"ci/jobs.yml": "include: ci/more.yml\n" + jobs, "ci/more.yml": "x:\n  script: [a]\n"},
			why: "includes files of its own"},
		{name: "clash", include: "ci/jobs.yml", files: map[string]string{"ci/jobs.yml": "build:\n  inherit:\n    variables: false\n  script: [make]\n"}, why: "is also a key of this file"},
		{name: "global", include: "ci/jobs.yml", files: map[string]string{"ci/jobs.yml": "variables:\n  API_TOKEN: other\n" + jobs},
			why: "sets the global variable too"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{".gitlab-ci.yml": fmt.Sprintf(main, tc.include)}
			maps.Copy(files, tc.files)
			testtree.Write(t, root, files)
			if tc.link {
				if err := os.Symlink("real.yml", filepath.Join(root, "ci", "jobs.yml")); err != nil {
					t.Fatal(err)
				}
			}
			p, err := remediate.NewPlan(t.Context(), realScan(t, root), remediate.PlanOptions{Root: root, Refs: remediate.RefSyntax{Backend: "vault"}})
			if err != nil {
				t.Fatal(err)
			}
			var moved int
			var repl []string
			for _, pf := range p.Files {
				for _, e := range pf.Edits {
					moved += len(e.Fingerprints)
					repl = append(repl, e.Replacement)
				}
			}
			if tc.why == "" {
				// Not release, whose own secret the entry would override.
				if moved != 1 || !slices.Contains(repl, "\ndeploy:\n  secrets:\n    API_TOKEN:\n      vault: secretlint/.gitlab-ci/variables.API_TOKEN@secret\n      file: false\n") {
					t.Errorf("moved %d, edits %q; skipped %+v", moved, repl, p.Skipped)
				}
				return
			}
			if moved != 0 || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].Reason, tc.why) {
				t.Errorf("moved %d, skipped %+v; want it left as %q", moved, p.Skipped, tc.why)
			}
		})
	}
}

// TestGitLabIncludedChangedBeforeApply: the main file's edits depend on
// the file it includes; when that file changes between plan and apply
// (its job turns global variables off), apply re-checks, finds the
// planned edits no longer check out and leaves the main file as it was.
func TestGitLabIncludedChangedBeforeApply(t *testing.T) {
	root := t.TempDir()
	const main = "include: ci/jobs.yml\n\nvariables:\n  API_TOKEN: glpat-FAKEfakeFAKEfake1234\n\nbuild:\n  script:\n    - make\n"
	files := map[string]string{".gitlab-ci.yml": main, "ci/jobs.yml": "deploy:\n  script:\n    - ./deploy.sh\n"}
	testtree.Write(t, root, files)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p, err := remediate.NewPlan(t.Context(), realScan(t, root), remediate.PlanOptions{Root: root, Refs: st})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || len(p.Skipped) != 0 {
		t.Fatalf("planned %d files, skipped %+v; want the main file planned", len(p.Files), p.Skipped)
	}
	changed := "deploy:\n  inherit:\n    variables: false\n  script:\n    - ./deploy.sh\n"
	if err := os.WriteFile(filepath.Join(root, "ci", "jobs.yml"), []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	var fr *remediate.FileReport
	for _, f := range rep.Files {
		if f.Path == ".gitlab-ci.yml" {
			fr = f
		}
	}
	if fr == nil || fr.Status != remediate.FileSkipped || !strings.Contains(fr.Reason, "no longer check out") {
		t.Errorf("the main file's report %+v, want it skipped: the planned edits no longer check out", fr)
	}
	if b, err := os.ReadFile(filepath.Join(root, ".gitlab-ci.yml")); err != nil || string(b) != main {
		t.Errorf("the main file changed (%v):\n%s", err, b)
	}
}

// TestGitLabConsumerIaCCorpus remediates the labeled IaC corpus
// (testdata/scan/iac, as bench/iac-remediate.sh does) and checks the
// count moved per backend: GitLab's global variables of a main file
// with a local include move (lines 11-13 of gitlab/.gitlab-ci.yml), and
// the merged GitLab configuration validates and hands every job what the
// original handed it.
func TestGitLabConsumerIaCCorpus(t *testing.T) {
	// The fewest findings each backend must move (bench/iac-remediate.sh):
	// 67/74 and 68/74, the bar of 90 % and more.
	for backend, least := range map[string]int{"aws": 67, "vault": 68} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/scan/iac", backend, remediate.PlanOptions{})
			n, left := cr.moved()
			t.Logf("moved %d of %d findings; left: %q", n, len(cr.findings), left)
			if n < least {
				t.Errorf("moved %d of %d findings, want at least %d", n, len(cr.findings), least)
			}
			for _, s := range cr.plan.Skipped {
				if s.File == "gitlab/.gitlab-ci.yml" && s.Line >= 11 && s.Line <= 13 {
					t.Errorf("gitlab/.gitlab-ci.yml:%d left: %s", s.Line, s.Reason)
				}
			}
			const main, inc = "gitlab/.gitlab-ci.yml", "gitlab/.gitlab/ci/deploy.yml"
			before := gitlabMerged(t, cr.orig[main], cr.orig[inc])
			after := gitlabMerged(t, cr.read(t, main), cr.read(t, inc))
			gitlabSchemaValid(t, withoutDefaultVariables(t, after))
			if err := ciSame(t.Context(), gitlabView, before, after, cr.store); err != nil {
				t.Errorf("the merged configuration: %v", err)
			}
			cr.finish(t, "")
		})
	}
}

// gitlabMerged is the configuration GitLab builds from a main file and
// the local files it includes, for the simple case the consumer writes:
// the included files merged in order, then the main file, hashes merged
// deeply and the including file winning (GitLab's "Override included
// configuration values"); include: itself dropped.
func gitlabMerged(t *testing.T, main string, included ...string) string {
	t.Helper()
	merged := map[string]any{}
	for _, c := range append(included, main) {
		var doc map[string]any
		if err := yaml.Unmarshal([]byte(c), &doc); err != nil {
			t.Fatal(err)
		}
		deepMerge(merged, doc)
	}
	delete(merged, "include")
	b, err := yaml.Marshal(merged)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// deepMerge merges src into dst: hashes key by key, anything else
// replaced.
func deepMerge(dst, src map[string]any) {
	for k, v := range src {
		sm, ok := v.(map[string]any)
		dm, ok2 := dst[k].(map[string]any)
		if ok && ok2 {
			deepMerge(dm, sm)
			continue
		}
		dst[k] = v
	}
}

// withoutDefaultVariables drops default: variables: of a configuration.
func withoutDefaultVariables(t *testing.T, content string) string {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		t.Fatal(err)
	}
	if d, ok := doc["default"].(map[string]any); ok {
		delete(d, "variables")
		if len(d) == 0 {
			delete(doc, "default")
		}
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// gitlabSchemaValid validates a GitLab CI file against GitLab's schema.
func gitlabSchemaValid(t *testing.T, content string) {
	t.Helper()
	switch err := gitlabSchemaErrors(t, content); {
	case errors.Is(err, errNoChecker):
		t.Logf("%v: checked by the goldens only", err)
	case err != nil:
		t.Error(err)
	}
}

// gitlabSchemaErrors validates a GitLab CI file against GitLab's schema;
// an error matching errNoChecker when the schema is missing (fatal with
// SECRETLINT_REQUIRE_GITLAB_SCHEMA).
func gitlabSchemaErrors(t *testing.T, content string) error {
	t.Helper()
	file := filepath.Join("..", ".tools", "gitlab-ci-schema", "gitlab-ci.json")
	if _, err := os.Stat(file); err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_GITLAB_SCHEMA") != "" {
			t.Fatalf("GitLab's CI schema is missing (%v) and SECRETLINT_REQUIRE_GITLAB_SCHEMA is set (scripts/tools.sh gitlab-ci-schema)", err)
		}
		return fmt.Errorf("%w: GitLab's CI schema is not installed (scripts/tools.sh gitlab-ci-schema)", errNoChecker)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		return err
	}
	b, _ := json.Marshal(doc)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("the rewritten file does not validate against GitLab's CI schema: %w", err)
	}
	return nil
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
			if err := ciSame(t.Context(), gitlabView, cr.orig[".gitlab-ci.yml"], gl, cr.store); err != nil {
				t.Error(err)
			}
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
			// Every step is given what it was, but for AWS the credentials
			// step, which runs before the fetch step and so loses the
			// job-level variable (it reads its with: inputs).
			err := ciSame(t.Context(), actionsView, cr.orig[".github/workflows/edge.yml"], wf, cr.store)
			if backend == "aws" && err != nil && err.Error() == "build/0/env/DATADOG_API_KEY differs after the rewrite" {
				err = nil
			}
			if err != nil {
				t.Error(err)
			}
			cr.finish(t, "../testdata/remediate/consumers/ci-edge/golden/"+backend)
		})
	}
}

// nonEnvChar is what aws-secretsmanager-get-secrets replaces by _ in an
// env variable's name.
var nonEnvChar = regexp.MustCompile(`[^A-Za-z0-9_]`)

// ciEnvRef is a ${{ env.NAME }} expression of a workflow.
var ciEnvRef = regexp.MustCompile(`\$\{\{\s*env\.([A-Za-z0-9_]+)\s*\}\}`)

// actionsView returns, for each step of each job of a workflow, what
// the step is given: its environment (workflow, job and step env:, in
// that order of precedence) and its with: inputs, ${{ env.X }} resolved
// against the variables that a fetch step inserted by remediation
// (aws-actions/aws-secretsmanager-get-secrets with parse-json-secrets,
// hashicorp/vault-action) exported for the steps after it, reading their
// values from st. The fetch steps themselves are left out, so the steps
// of the original and the rewritten workflow line up.
func actionsView(ctx context.Context, content string, st remediate.Store) (map[string]string, error) {
	var wf struct {
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			Env   map[string]string `yaml:"env"`
			Steps []struct {
				Uses string            `yaml:"uses"`
				Env  map[string]string `yaml:"env"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(content), &wf); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for job, j := range wf.Jobs {
		exported := map[string]string{}
		ctxEnv := func() map[string]string {
			m := maps.Clone(wf.Env)
			if m == nil {
				m = map[string]string{}
			}
			maps.Copy(m, j.Env)
			maps.Copy(m, exported)
			return m
		}
		resolve := func(s string) string {
			env := ctxEnv()
			return ciEnvRef.ReplaceAllStringFunc(s, func(ref string) string {
				if v, ok := env[ciEnvRef.FindStringSubmatch(ref)[1]]; ok {
					return v
				}
				return ref
			})
		}
		i := 0
		for _, s := range j.Steps {
			switch {
			case strings.HasPrefix(s.Uses, "aws-actions/aws-secretsmanager-get-secrets@"):
				if s.With["parse-json-secrets"] != "true" {
					return nil, fmt.Errorf("job %s: the fetch step does not parse JSON secrets", job)
				}
				for _, line := range strings.Fields(s.With["secret-ids"]) {
					alias, id, ok := strings.Cut(line, ",")
					if !ok {
						return nil, fmt.Errorf("job %s: secret-ids line without an alias", job)
					}
					e, err := st.Read(ctx, id)
					if err != nil {
						return nil, fmt.Errorf("job %s: %s: %w", job, id, err)
					}
					for k, v := range e.Values {
						exported[alias+"_"+strings.ToUpper(nonEnvChar.ReplaceAllString(k, "_"))] = v
					}
				}
				continue
			case strings.HasPrefix(s.Uses, "hashicorp/vault-action@"):
				for _, line := range strings.Split(s.With["secrets"], ";") {
					if strings.TrimSpace(line) == "" {
						continue
					}
					spec, alias, ok := strings.Cut(line, "|")
					f := strings.Fields(spec)
					if !ok || len(f) != 2 {
						return nil, fmt.Errorf("job %s: vault-action secrets line is not PATH KEY | NAME", job)
					}
					name, ok := strings.CutPrefix(f[0], "secret/data/")
					if !ok {
						return nil, fmt.Errorf("job %s: vault-action path is not under secret/data/", job)
					}
					e, err := st.Read(ctx, name)
					if err != nil {
						return nil, fmt.Errorf("job %s: %s: %w", job, name, err)
					}
					v, ok := e.Values[strings.Trim(f[1], "`")]
					if !ok {
						return nil, fmt.Errorf("job %s: %s has no key %s", job, name, f[1])
					}
					exported[strings.TrimSpace(alias)] = v
				}
				continue
			}
			env := ctxEnv()
			for k := range exported {
				delete(env, k) // the runner's env, not a step's
			}
			maps.Copy(env, s.Env)
			for k, v := range env {
				out[fmt.Sprintf("%s/%d/env/%s", job, i, k)] = resolve(v)
			}
			for k, v := range s.With {
				out[fmt.Sprintf("%s/%d/with/%s", job, i, k)] = resolve(v)
			}
			out[fmt.Sprintf("%s/%d/uses", job, i)] = s.Uses
			i++
		}
	}
	return out, nil
}

// gitlabView returns, per job of a GitLab CI file, the variables its
// script sees: the global variables it inherits, its own, and its
// secrets: read from st as the runner does (vault: PATH/FIELD@MOUNT or
// aws_secrets_manager: {secret_id, field}, file: false).
func gitlabView(ctx context.Context, content string, st remediate.Store) (map[string]string, error) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		return nil, err
	}
	value := func(v any) string {
		if m, ok := v.(map[string]any); ok {
			return fmt.Sprint(m["value"])
		}
		return fmt.Sprint(v)
	}
	global, _ := doc["variables"].(map[string]any)
	out := map[string]string{}
	for job, j := range doc {
		jm, ok := j.(map[string]any)
		if !ok || strings.HasPrefix(job, ".") || jm["script"] == nil {
			continue
		}
		vars := map[string]string{}
		inherit, _ := jm["inherit"].(map[string]any)
		switch iv := inherit["variables"].(type) {
		case bool:
			if !iv {
				break
			}
			for k, v := range global {
				vars[k] = value(v)
			}
		case []any:
			for _, k := range iv {
				if v, ok := global[fmt.Sprint(k)]; ok {
					vars[fmt.Sprint(k)] = value(v)
				}
			}
		default:
			for k, v := range global {
				vars[k] = value(v)
			}
		}
		own, _ := jm["variables"].(map[string]any)
		for k, v := range own {
			vars[k] = value(v)
		}
		secrets, _ := jm["secrets"].(map[string]any)
		for k, s := range secrets {
			vars[k] = gitlabSecret(ctx, s, st)
		}
		for k, v := range vars {
			out[job+"/"+k] = v
		}
	}
	return out, nil
}

// gitlabSecret is the value of a job's secret read from st as the runner
// does: vault: PATH/FIELD@secret (the KV v2 mount the tests use) or
// aws_secrets_manager: {secret_id, field}, with file: false. A secret st
// does not hold (one the original file already had) is its spec.
func gitlabSecret(ctx context.Context, s any, st remediate.Store) string {
	b, _ := json.Marshal(s)
	opaque := "(secret " + string(b) + ")"
	sm, _ := s.(map[string]any)
	if sm["file"] != false {
		return opaque
	}
	var name, field string
	switch {
	case sm["vault"] != nil:
		ref, _ := sm["vault"].(string)
		p, mount, _ := strings.Cut(ref, "@")
		i := strings.LastIndexByte(p, '/')
		if mount != "secret" || i < 0 {
			return opaque
		}
		name, field = p[:i], p[i+1:]
	case sm["aws_secrets_manager"] != nil:
		a, _ := sm["aws_secrets_manager"].(map[string]any)
		name, field = fmt.Sprint(a["secret_id"]), fmt.Sprint(a["field"])
	}
	e, err := st.Read(ctx, name)
	v, ok := e.Values[field]
	if name == "" || err != nil || !ok {
		return opaque
	}
	return v
}

// ciView is actionsView or gitlabView.
type ciView func(ctx context.Context, content string, st remediate.Store) (map[string]string, error)

// ciSame checks that the CI system gives each job (GitLab) or step
// (Actions) of a rewritten file what the original gave it, with the
// moved values read from st.
func ciSame(ctx context.Context, view ciView, orig, rewritten string, st remediate.Store) error {
	want, err := view(ctx, orig, st)
	if err != nil {
		return fmt.Errorf("the original: %w", err)
	}
	got, err := view(ctx, rewritten, st)
	if err != nil {
		return err
	}
	if len(want) == 0 {
		return errors.New("no job or step seen")
	}
	return sameView(want, got)
}

// sameView compares what the CI system gives each job or step before
// and after, naming only the entries that differ.
func sameView(want, got map[string]string) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok || g != want[k] {
			errs = append(errs, fmt.Errorf("%s differs after the rewrite", k))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			errs = append(errs, fmt.Errorf("%s is new after the rewrite", k))
		}
	}
	return errors.Join(errs...)
}
