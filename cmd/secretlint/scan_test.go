package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testSecret = "q8Lm2vXk9zPw"

func runCmd(t *testing.T, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	code := run(context.Background(), args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: getenv})
	return code, out.String(), errb.String()
}

func scanTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), content)
	}
	return dir
}

// writeFile writes content to path, creating its directory.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScanExitCodes(t *testing.T) {
	clean := scanTree(t, map[string]string{"a.env": "PORT=8080\n"})
	dirty := scanTree(t, map[string]string{"a.env": "DB_PASSWORD=" + testSecret + "\n", "b.yaml": "x: 1\n"})
	low := scanTree(t, map[string]string{"profiles.yml": "p:\n  outputs:\n    dev:\n      type: postgres\n      password: \"{{ env_var('PGPASS') }}\"\n"})
	big := scanTree(t, map[string]string{"a.env": "DB_PASSWORD=" + testSecret + "\n"})
	for name, tc := range map[string]struct {
		args []string
		want int
	}{
		"clean":                 {[]string{"scan", clean}, 0},
		"findings":              {[]string{"scan", dirty}, 1},
		"exit-code 7":           {[]string{"scan", "--exit-code", "7", dirty}, 7},
		"exit-code 0":           {[]string{"scan", "--exit-code", "0", dirty}, 0},
		"fail-on above":         {[]string{"scan", "--fail-on", "critical", dirty}, 0},
		"fail-on met":           {[]string{"scan", "--fail-on", "high", dirty}, 1},
		"low finding":           {[]string{"scan", low}, 1},
		"low under fail-on":     {[]string{"scan", "--fail-on", "medium", low}, 0},
		"not scanned":           {[]string{"scan", "--max-file-size", "4", big}, 2},
		"bad format":            {[]string{"scan", "--format", "xml", clean}, 2},
		"bad severity":          {[]string{"scan", "--fail-on", "urgent", clean}, 2},
		"missing path":          {[]string{"scan", filepath.Join(clean, "nope")}, 2},
		"bad flag":              {[]string{"scan", "--no-such-flag"}, 2},
		"sarif clean":           {[]string{"scan", "--format", "sarif", clean}, 0},
		"sarif dirty":           {[]string{"scan", "--format", "sarif", dirty}, 1},
		"unknown format":        {[]string{"scan", "--format", "xml", clean}, 2},
		"no-gitleaks still own": {[]string{"scan", "--no-gitleaks", dirty}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCmd(t, nil, tc.args...)
			if code != tc.want {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, out, errs)
			}
			if strings.Contains(out+errs, testSecret) {
				t.Errorf("the secret was printed without --show-secrets")
			}
		})
	}
}

func TestScanJSONAndShowSecrets(t *testing.T) {
	dir := scanTree(t, map[string]string{"a.env": "DB_PASSWORD=" + testSecret + "\n"})
	report := filepath.Join(t.TempDir(), "r.json")
	code, out, _ := runCmd(t, nil, "scan", "--format", "json", "--output", report, dir)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q: want 1 and the report in the file", code, out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Findings []struct {
			RuleID  string `json:"rule_id"`
			Line    int    `json:"line"`
			Preview string `json:"redacted"`
			Value   string `json:"secret"`
		} `json:"findings"`
		Summary struct {
			Files int `json:"files_scanned"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if len(r.Findings) != 1 || r.Findings[0].RuleID != "hardcoded-credential" || r.Findings[0].Line != 1 || r.Summary.Files != 1 || r.Findings[0].Preview == "" || r.Findings[0].Value != "" {
		t.Errorf("report = %+v", r)
	}
	if strings.Contains(string(data), testSecret) {
		t.Errorf("the JSON report holds the secret without --show-secrets")
	}
	_, out, _ = runCmd(t, nil, "scan", "--show-secrets", dir)
	if !strings.Contains(out, testSecret) {
		t.Errorf("--show-secrets: the value is not in the text report")
	}
}

func TestScanDBTProfilesDirFromEnv(t *testing.T) {
	proj := scanTree(t, map[string]string{"models/x.sql": "select 1\n"})
	home := scanTree(t, map[string]string{"profiles.yml": "p:\n  outputs:\n    dev:\n      type: postgres\n      password: hunter2\n"})
	code, out, _ := runCmd(t, func(k string) string {
		if k == "DBT_PROFILES_DIR" {
			return home
		}
		return ""
	}, "scan", proj)
	if code != 1 || !strings.Contains(out, "dbt-hardcoded-secret") {
		t.Errorf("DBT_PROFILES_DIR: exit %d, output %q; want the profile's password", code, out)
	}
}
