package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// reportFormats are the --format values of the scan command (report.Write).
var reportFormats = []string{"text", "json", "sarif", "github", "gitlab", "junit"}

// secretlintCommands returns the secretlint command lines in a CI file's
// run: and script: entries.
func secretlintCommands(t *testing.T, node any) []string {
	var out []string
	var walk func(key string, n any)
	walk = func(key string, n any) {
		switch v := n.(type) {
		case map[string]any:
			for k, c := range v {
				walk(k, c)
			}
		case []any:
			for _, c := range v {
				walk(key, c)
			}
		case string:
			if key != "run" && key != "script" && key != "before_script" {
				return
			}
			for _, line := range strings.Split(v, "\n") {
				line = strings.TrimSpace(line)
				if strings.HasPrefix(line, "secretlint ") {
					out = append(out, line)
				}
			}
		}
	}
	walk("", node)
	return out
}

func loadYAML(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "docs", "ci", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	return doc
}

// commandProblems checks that a recipe's secretlint command parses with
// the CLI's own flag set: its flags (written --flag=value) followed by -h
// reach the help request only when every flag is known; and its --format
// must be a report format.
func commandProblems(t *testing.T, line string) []string {
	t.Helper()
	args := strings.Fields(line)[1:]
	var probs []string
	flags := []string{args[0]}
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") {
			continue // a path
		}
		flags = append(flags, a)
		if name, val, ok := strings.Cut(strings.TrimLeft(a, "-"), "="); ok && name == "format" && !slices.Contains(reportFormats, val) {
			probs = append(probs, "--format="+val+" is not a report format")
		}
	}
	if res := gcli(t, append(flags, "-h")...); res.code != ExitClean {
		probs = append(probs, "does not parse with secretlint's flags: "+strings.TrimSpace(res.stderr))
	}
	return probs
}

func checkCommand(t *testing.T, line string) {
	t.Helper()
	for _, p := range commandProblems(t, line) {
		t.Errorf("%q: %s", line, p)
	}
}

func TestCIRecipeGitHub(t *testing.T) {
	doc := loadYAML(t, "github-actions.yml")
	jobs, _ := doc["jobs"].(map[string]any)
	if len(jobs) == 0 {
		t.Fatal("no jobs")
	}
	var uploads, sarifScans, annotations int
	for name, j := range jobs {
		job := j.(map[string]any)
		steps, _ := job["steps"].([]any)
		for _, s := range steps {
			step := s.(map[string]any)
			if uses, _ := step["uses"].(string); strings.HasPrefix(uses, "github/codeql-action/upload-sarif@") {
				uploads++
				with, _ := step["with"].(map[string]any)
				if with["sarif_file"] != "secretlint.sarif" {
					t.Errorf("upload-sarif uploads %v, not the file the scan writes", with["sarif_file"])
				}
				if step["if"] != "always()" {
					t.Error("upload-sarif must run even when the scan step fails on findings")
				}
				perms, _ := job["permissions"].(map[string]any)
				if perms["security-events"] != "write" {
					t.Errorf("job %s uploads SARIF without security-events: write", name)
				}
			}
		}
		for _, c := range secretlintCommands(t, job) {
			checkCommand(t, c)
			if strings.Contains(c, "--format=sarif") && strings.Contains(c, "--output=secretlint.sarif") {
				sarifScans++
			}
			if strings.Contains(c, "--format=github") && strings.Contains(c, "--diff-base=") {
				annotations++
			}
			if strings.Contains(c, "--diff-base=") && !strings.Contains(c, "--no-repo-config") {
				t.Errorf("%q scans a pull request with the pull request's own configuration (add --no-repo-config)", c)
			}
		}
	}
	if uploads != 1 || sarifScans != 1 || annotations != 1 {
		t.Errorf("want one SARIF scan + upload and one annotated diff-base scan; got %d uploads, %d SARIF scans, %d annotation scans", uploads, sarifScans, annotations)
	}
}

func TestCIRecipeGitLab(t *testing.T) {
	doc := loadYAML(t, "gitlab-ci.yml")
	tmpl, _ := doc[".secretlint"].(map[string]any)
	arts, _ := tmpl["artifacts"].(map[string]any)
	reports, _ := arts["reports"].(map[string]any)
	if reports["secret_detection"] != "gl-secret-detection-report.json" {
		t.Errorf("artifacts.reports.secret_detection = %v", reports["secret_detection"])
	}
	n := 0
	for name, j := range doc {
		job, ok := j.(map[string]any)
		if !ok || strings.HasPrefix(name, ".") || name == "variables" {
			continue
		}
		if job["extends"] != ".secretlint" {
			t.Errorf("job %s does not extend .secretlint", name)
		}
		for _, c := range secretlintCommands(t, job) {
			checkCommand(t, c)
			if !strings.Contains(c, "--format=gitlab") || !strings.Contains(c, "--output=gl-secret-detection-report.json") {
				t.Errorf("%q does not write the report the artifact names", c)
			}
			if strings.Contains(c, "--diff-base=") && !strings.Contains(c, "--no-repo-config") {
				t.Errorf("%q scans a merge request with its own configuration (add --no-repo-config)", c)
			}
			n++
		}
	}
	if n != 2 {
		t.Errorf("want 2 secretlint scans (merge request, default branch), got %d", n)
	}
}

func TestCommandProblems(t *testing.T) {
	for _, bad := range []string{"secretlint scan --no-such-flag .", "secretlint scan --format=xml .", "secretlint scan --staged=maybe"} {
		if len(commandProblems(t, bad)) == 0 {
			t.Errorf("commandProblems accepted %q", bad)
		}
	}
	if p := commandProblems(t, "secretlint scan --staged --fail-on=high --format=sarif ."); len(p) != 0 {
		t.Errorf("a valid command was rejected: %v", p)
	}
}
