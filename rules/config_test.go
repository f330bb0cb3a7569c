package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
)

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(`version: 1
rules:
  disable: [generic-api-key]
  enable: [aws-example-key]
  severity:
    dbt-env-var-not-secret: medium
secret-names: [pin]
ignore-names: [legacy_password]
allow:
  paths: ["testdata/", "**/*.golden", "fixtures/*.yaml"]
  values: ["^sk_test_"]
sinks:
  - package: github.com/acme/db
    func: Connect
    arg: 1
scan:
  max-file-size: 2MiB
fingerprint-salt: team-salt
`), "/repo/.secretlint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RuleEnabled("generic-api-key") || !cfg.RuleEnabled("aws-example-key") || !cfg.RuleEnabled("private-key") {
		t.Errorf("rule enablement wrong")
	}
	if cfg.Severity("dbt-env-var-not-secret") != finding.SeverityMedium || cfg.Severity("dbt-hardcoded-secret") != finding.SeverityHigh {
		t.Errorf("severity override wrong")
	}
	if _, ok := cfg.Names.Match("userPin"); !ok {
		t.Errorf("secret-names not applied")
	}
	if _, ok := cfg.Names.Match("legacyPassword"); ok {
		t.Errorf("ignore-names not applied")
	}
	for p, want := range map[string]bool{
		"testdata/a/b.yaml": true, "x/testdata/c": true, "pkg/a.golden": true, "a.golden": true,
		"fixtures/x.yaml": true, "fixtures/sub/x.yaml": false, "src/main.go": false, "testdatax/y": false,
	} {
		if got := cfg.PathAllowed(p); got != want {
			t.Errorf("PathAllowed(%q) = %v, want %v", p, got, want)
		}
	}
	if !cfg.ValueAllowed("sk_test_abc") || cfg.ValueAllowed("sk_live_abc") {
		t.Errorf("allow.values wrong")
	}
	if got := cfg.Sinks[len(cfg.Sinks)-1]; got.Package != "github.com/acme/db" || got.Kind != SinkPassword {
		t.Errorf("sink not added: %+v", got)
	}
	if cfg.MaxFileSize != 2<<20 || cfg.Salt != "team-salt" {
		t.Errorf("scan settings wrong: %d %q", cfg.MaxFileSize, cfg.Salt)
	}
	d, err := cfg.Detector()
	if err != nil || d == nil {
		t.Fatalf("Detector: %v", err)
	}
	for _, id := range d.RuleIDs() {
		if id == "generic-api-key" {
			t.Errorf("disabled provider rule still in the detector")
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	for name, c := range map[string]struct{ yaml, want string }{
		"unknown field":    {"version: 1\nrulez: {}\n", "x.yaml:2: field rulez not found"},
		"unknown rule":     {"rules:\n  disable:\n    - no-such-rule\n", "x.yaml:3:7: rules.disable: unknown rule \"no-such-rule\""},
		"bad severity":     {"rules:\n  severity:\n    private-key: severe\n", "x.yaml:3:18: rules.severity.private-key: unknown severity"},
		"bad regex":        {"allow:\n  values: ['(']\n", "x.yaml:2:12: allow.values: invalid regular expression"},
		"bad size":         {"scan:\n  max-file-size: lots\n", "x.yaml:2:18: scan.max-file-size: invalid size"},
		"bad sink":         {"sinks:\n  - package: x\n    func: F\n    kind: magic\n", "x.yaml:2:5: sinks: sink x.F: unknown kind"},
		"bad version":      {"version: 7\n", "x.yaml:1:10: unsupported version 7"},
		"not yaml":         {"rules: [\n", "x.yaml"},
		"wrong shape":      {"rules: 3\n", "x.yaml:1: wrong type: got !!int"},
		"sink without pkg": {"sinks:\n  - func: F\n", "sink needs a package"},
		// Issue 16: only the --follow-symlinks flag follows links.
		"follow symlinks": {"scan:\n  follow-symlinks: true\n", "scan.follow-symlinks: a configuration file cannot turn on following symbolic links"},
	} {
		_, err := ParseConfig([]byte(c.yaml), "x.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", name, err, c.want)
		}
	}
	if _, err := ParseConfig(nil, "empty.yaml"); err != nil {
		t.Errorf("an empty file must mean defaults: %v", err)
	}
}

func TestGitleaksConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(".gitleaks.toml", `
[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["acme_"]

[[allowlists]]
description = "fixtures"
paths = ['''fixtures/''']
`)
	cfg, err := LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := cfg.Detector()
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.Join(d.RuleIDs(), " ")
	if !strings.Contains(ids, "acme-token") || !strings.Contains(ids, "aws-access-token") || strings.Contains(ids, "generic-api-key") {
		t.Errorf("extend useDefault/disabledRules not honoured")
	}
	tok := "acme_" + strings.Repeat("k3", 12)
	if ms := d.Detect("src/a.txt", "token = "+tok+"\n"); len(ms) != 1 || ms[0].RuleID != "acme-token" {
		t.Errorf("custom rule did not fire: %+v", ms)
	}
	if ms := d.Detect("fixtures/a.txt", "token = "+tok+"\n"); len(ms) != 0 {
		t.Errorf("global allowlist path not honoured")
	}

	write(".gitleaks.toml", "title = 'x'\n\n[[rules]]\nid = \"broken\"\nregex = '''([a-z'''\n")
	_, err = LoadConfig(dir, "")
	if err == nil || !strings.Contains(err.Error(), ".gitleaks.toml:5: rule \"broken\": invalid regex") {
		t.Errorf("bad gitleaks regex: %v", err)
	}
	write(".gitleaks.toml", "[[rules]\n")
	if _, err := LoadConfig(dir, ""); err == nil || !strings.Contains(err.Error(), ".gitleaks.toml") {
		t.Errorf("bad toml: %v", err)
	}
}

func TestGlobRegexp(t *testing.T) {
	if _, err := GlobRegexp("a/[b"); err == nil {
		t.Errorf("unterminated class accepted")
	}
}
