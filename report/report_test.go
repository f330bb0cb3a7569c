package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Planted values: distinctive, so a test can prove no format leaks them.
// None has a provider's shape, so they trip no rule when this repository
// is scanned as plain text.
const (
	secretApp     = "SLTEST-hardcoded-Pa55w0rd-alpha"
	secretURL     = "SLTEST-urlpass-bravo-7788"
	secretAWS     = "SLTEST-aws-charlie-KEY0099"
	secretUnicode = "SLTEST-unicode-delta-0042"
	secretHistory = "SLTEST-history-echo-PRIVATE"
	secretDBT     = "SLTEST-dbt-foxtrot-pw"
	secretK8s     = "SLTEST-k8s-golf-b64"
	secretCustom  = "SLTEST-acme-hotel-1234"
	secretWeird   = "SLTEST-weird-india-55"
)

var planted = []string{secretApp, secretURL, secretAWS, secretUnicode, secretHistory, secretDBT, secretK8s, secretCustom, secretWeird}

const historyCommit = "3f9c2a1b7e6d5c4b3a29180716f5e4d3c2b1a098"

func mk(rule, file string, line, col int, sev finding.Severity, msg, secret string) finding.Finding {
	return finding.Finding{
		RuleID:      rule,
		Description: "", // filled by fixture from the rule registry where it matters
		Message:     msg,
		Severity:    sev,
		File:        file,
		Line:        line,
		Column:      col,
		EndLine:     line,
		EndColumn:   col + len(secret),
		Secret:      finding.NewSecret(secret),
		Fingerprint: finding.Fingerprint("", rule, file, finding.NewSecret(secret)),
	}
}

// fixture is the fixed report the goldens are made from: several files
// and rules (own, gitleaks default, a user's gitleaks rule), a unicode
// path, a path with characters GitHub must escape, key paths, a history
// finding, a multi-line value, an error notice and a warning notice.
func fixture() *report.Report {
	app := mk("hardcoded-credential", "config/app.yaml", 12, 15, finding.SeverityHigh, "hardcoded credential in key password", secretApp)
	app.Description = "A literal value is assigned to a name that holds a secret (password, token, api key, client secret …)."
	app.KeyPath = "database.password"

	url := mk("url-credentials", "config/app.yaml", 30, 12, finding.SeverityHigh, "password in a connection URL", secretURL)
	url.Description = "A URL carries a password."
	url.KeyPath = "database.url"

	aws := mk("aws-access-token", "src/main.go", 8, 20, finding.SeverityCritical, "AWS access token in a string literal", secretAWS)
	aws.Description = "Identified a pattern that may indicate AWS credentials, risking unauthorized cloud resource access and data breaches on AWS platforms."
	aws.KeyPath = "main.awsKey"

	uni := mk("generic-api-key", "données/配置/ключ.env", 3, 9, finding.SeverityMedium, "generic API key assigned to API_KEY", secretUnicode)
	uni.Description = "Detected a Generic API Key, potentially exposing access to various services and sensitive operations."

	hist := mk("private-key", "old/creds.txt", 1, 1, finding.SeverityCritical, "private key", secretHistory)
	hist.Description = "Identified a Private Key, which may compromise cryptographic security and sensitive data encryption."
	hist.EndLine, hist.EndColumn = 4, 26
	hist.Commit = historyCommit
	hist.Author = "Alice Example"
	hist.Email = "alice@example.com"
	hist.Date = "2024-03-01T10:00:00Z"
	hist.Tags = []string{"history:exposed"}

	dbt := mk("dbt-env-var-not-secret", "dbt/profiles.yml", 9, 17, finding.SeverityLow, "env_var DB_PASSWORD on secret field password lacks the DBT_ENV_SECRET_ prefix", secretDBT)
	dbt.Description = "A secret field reads an environment variable without the DBT_ENV_SECRET_ prefix."
	dbt.KeyPath = "jaffle_shop.outputs.dev.password"

	k8s := mk("kubernetes-secret-data", "deploy/k8s/secret.yaml", 7, 14, finding.SeverityHigh, "credential in Secret data key db-password", secretK8s)
	k8s.Description = "A Kubernetes Secret's data or stringData holds a literal credential."
	k8s.KeyPath = "data.db-password"
	k8s.Encoding = "base64"

	custom := mk("acme-internal-token", "scripts/deploy.sh", 22, 30, finding.SeverityHigh, "Acme internal token", secretCustom)
	custom.Description = "Acme internal API token"

	weird := mk("hardcoded-credential", "docs/100%,weird:name.md", 5, 11, finding.SeverityInfo, "hardcoded credential in an example", secretWeird)
	weird.Description = app.Description
	weird.Tags = []string{"example"}

	return &report.Report{
		// Deliberately unsorted: Write sorts.
		Findings: []finding.Finding{weird, uni, custom, hist, app, aws, dbt, url, k8s},
		Notices: []finding.Notice{
			{File: "charts/app/templates/deploy.yaml", Line: 7, Column: 3, Kind: "yaml-fallback", Message: "not valid YAML (found character that cannot start any token); scanned as text"},
			{File: "big/dump.sql", Kind: "too-large", Message: "file is 2.0 GiB, over the 10 MiB limit; not scanned", Error: true},
		},
		Root: "/home/ci/project",
		Stats: report.Stats{
			Files:    42,
			Bytes:    1234567,
			Duration: 1500 * time.Millisecond,
			Start:    time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		},
	}
}

var baseOpts = report.Options{ToolVersion: "v0.3.0"}

func write(t *testing.T, format string, r *report.Report, opts report.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, format, r, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

type goldenCase struct {
	name, format string
	show, color  bool
}

var goldenCases = []goldenCase{
	{"text", "text", false, false},
	{"text-show-secrets", "text", true, false},
	{"text-color", "text", false, true},
	{"json", "json", false, false},
	{"json-show-secrets", "json", true, false},
	{"sarif", "sarif", false, false},
	{"github", "github", false, false},
	{"gitlab", "gitlab", false, false},
	{"junit", "junit", false, false},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			opts := baseOpts
			opts.ShowSecrets, opts.Color = tc.show, tc.color
			got := write(t, tc.format, fixture(), opts)
			path := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s output differs from %s (go test ./report -update rewrites it)\n%s", tc.name, path, lineDiff(string(want), string(got)))
			}
		})
	}
}

// lineDiff shows the first differing lines; never used on outputs that
// may hold values except the show-secrets goldens, whose values are the
// planted test strings.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, a, b)
		}
	}
	return "(same lines, different bytes)"
}

// TestNoSecretValues plants distinctive values and checks every format:
// with ShowSecrets false none may contain a value or a long piece of one;
// sarif, github, gitlab and junit never may; text and json with
// ShowSecrets must show every value.
func TestNoSecretValues(t *testing.T) {
	for _, format := range report.Formats() {
		for _, show := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/show=%v", format, show), func(t *testing.T) {
				opts := baseOpts
				opts.ShowSecrets = show
				out := string(write(t, format, fixture(), opts))
				mayShow := show && (format == "text" || format == "json")
				for i, v := range planted {
					leaks := strings.Contains(out, v) || strings.Contains(out, v[4:16])
					if leaks && !mayShow {
						t.Errorf("%s output (ShowSecrets=%v) contains planted value #%d", format, show, i)
					}
					if mayShow && !strings.Contains(out, v) {
						t.Errorf("%s output with ShowSecrets lacks planted value #%d", format, i)
					}
				}
			})
		}
	}
}

// TestScrubsValuesFromFreeText: a detector that breaks its promise and
// puts the value in a message or key path, or a parser error quoting it,
// still cannot leak it through a report.
func TestScrubsValuesFromFreeText(t *testing.T) {
	const v = "SLTEST-careless-kilo-8642"
	f := mk("hardcoded-credential", "a.yaml", 1, 10, finding.SeverityHigh, "found "+v+" in password", v)
	f.KeyPath = "x[" + v + "]"
	r := &report.Report{
		Findings: []finding.Finding{f},
		Notices:  []finding.Notice{{File: "b.yaml", Kind: "yaml-fallback", Message: "bad token near " + v}},
	}
	for _, format := range report.Formats() {
		out := string(write(t, format, r, baseOpts))
		if strings.Contains(out, v) || strings.Contains(out, v[4:16]) {
			t.Errorf("%s output leaks a value written into free text", format)
		}
		if !strings.Contains(out, finding.Redact(v)) {
			t.Errorf("%s output lacks the redacted preview that replaced the value", format)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range report.Formats() {
		a := write(t, format, fixture(), baseOpts)
		r := fixture()
		slices.Reverse(r.Findings)
		slices.Reverse(r.Notices)
		b := write(t, format, r, baseOpts)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: input order changed the output\n%s", format, lineDiff(string(a), string(b)))
		}
		if c := write(t, format, fixture(), baseOpts); !bytes.Equal(a, c) {
			t.Errorf("%s: two writes of the same report differ", format)
		}
	}
}

func TestWriteDoesNotModifyReport(t *testing.T) {
	r := fixture()
	before := fmt.Sprintf("%+v", r)
	for _, format := range report.Formats() {
		write(t, format, r, baseOpts)
	}
	if after := fmt.Sprintf("%+v", r); after != before {
		t.Errorf("Write modified the report")
	}
}

func TestFormatsAndUnknown(t *testing.T) {
	want := []string{"github", "gitlab", "json", "junit", "sarif", "text"}
	if got := report.Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
	err := report.Write(&bytes.Buffer{}, "xml", fixture(), baseOpts)
	if err == nil || !strings.Contains(err.Error(), `"xml"`) || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("unknown format: err = %v, want one naming the format and the choices", err)
	}
	// A nil report is an empty one.
	for _, format := range report.Formats() {
		if err := report.Write(&bytes.Buffer{}, format, nil, baseOpts); err != nil {
			t.Errorf("%s: nil report: %v", format, err)
		}
	}
}

func TestTextColorOnlyWhenAsked(t *testing.T) {
	plain := string(write(t, "text", fixture(), baseOpts))
	if strings.Contains(plain, "\x1b") {
		t.Errorf("text without Color contains an escape sequence")
	}
	opts := baseOpts
	opts.Color = true
	colored := string(write(t, "text", fixture(), opts))
	if !strings.Contains(colored, "\x1b[1m\x1b[31m[critical]\x1b[0m") {
		t.Errorf("text with Color does not colour severities")
	}
	strip := regexp.MustCompile("\x1b\\[[0-9;]*m")
	if got := strip.ReplaceAllString(colored, ""); got != plain {
		t.Errorf("colour changed the text beyond the escapes\n%s", lineDiff(plain, got))
	}
}

func TestTextEscapesControlCharacters(t *testing.T) {
	f := mk("hardcoded-credential", "evil\x1b]0;owned\a\u202e.yaml", 1, 1, finding.SeverityHigh, "msg\rwith\x1b[2Jcontrol", "SLTEST-lima-00000000")
	f.KeyPath = "k\nv"
	out := string(write(t, "text", &report.Report{Findings: []finding.Finding{f}}, baseOpts))
	for _, bad := range []string{"\x1b", "\a", "\u202e", "\r", "k\nv"} {
		if strings.Contains(out, bad) {
			t.Errorf("text output contains %q from a file name, message or key", bad)
		}
	}
	if !strings.Contains(out, `evil\x1b]0;owned\a\u202e.yaml:1:1:`) {
		t.Errorf("text output does not show the escaped path:\n%s", out)
	}
}

func TestTextSummary(t *testing.T) {
	out := string(write(t, "text", fixture(), baseOpts))
	want := "secretlint: 9 findings in 8 files (2 critical, 4 high, 1 medium, 1 low, 1 info); 2 notices (1 error, 1 warning); scanned 42 files, 1.2 MiB in 1.5s\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("summary: got last line %q, want %q", lastLine(out), want)
	}
	clean := string(write(t, "text", &report.Report{}, baseOpts))
	if clean != "secretlint: no findings\n" {
		t.Errorf("clean report: got %q", clean)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	return lines[len(lines)-1] + "\n"
}

func TestGitHubEscaping(t *testing.T) {
	out := string(write(t, "github", fixture(), baseOpts))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// The path "docs/100%,weird:name.md" escapes %, , and : in properties.
	want := "::notice file=docs/100%25%2Cweird%3Aname.md,line=5,col=11,endLine=5,endColumn=32,title=secretlint hardcoded-credential (info)::hardcoded credential in an example"
	if !slices.Contains(lines, want) {
		t.Errorf("github output lacks the escaped annotation\nwant %q\ngot:\n%s", want, out)
	}
	// Most severe first.
	if !strings.HasPrefix(lines[0], "::error ") || !strings.Contains(lines[0], "(critical)") {
		t.Errorf("first annotation is not a critical error: %q", lines[0])
	}
	// Data escapes %, CR and LF; a message cannot start a new command.
	f := mk("hardcoded-credential", "a.go", 1, 1, finding.SeverityHigh, "50% done\r\n::error::injected", "SLTEST-mike-000000")
	got := string(write(t, "github", &report.Report{Findings: []finding.Finding{f}}, baseOpts))
	first := strings.SplitN(got, "\n", 2)[0]
	if want := "::error file=a.go,line=1,col=1,endLine=1,endColumn=19,title=secretlint hardcoded-credential (high)::50%25 done%0D%0A::error::injected"; first != want {
		t.Errorf("data escaping:\ngot  %q\nwant %q", first, want)
	}
	if strings.Count(got, "\n::") != 0 {
		t.Errorf("a message started a new workflow command:\n%s", got)
	}
}

func TestGitHubTooManyAnnotations(t *testing.T) {
	var fs []finding.Finding
	for i := range 12 {
		fs = append(fs, mk("hardcoded-credential", fmt.Sprintf("f%02d.yaml", i), 1, 1, finding.SeverityHigh, "m", fmt.Sprintf("SLTEST-many-%02d-xxxx", i)))
	}
	out := string(write(t, "github", &report.Report{Findings: fs}, baseOpts))
	if n := strings.Count(out, "::error "); n != 12 {
		t.Errorf("%d error annotations, want 12", n)
	}
	if !strings.Contains(out, "secretlint: 12 error annotations; GitHub shows 10 per step") {
		t.Errorf("no note that GitHub drops annotations past 10:\n%s", out)
	}
}

func TestJUnit(t *testing.T) {
	out := write(t, "junit", fixture(), baseOpts)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name     string `xml:"name,attr"`
				Failures []struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Errors []struct {
					Text string `xml:",chardata"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("junit output is not XML: %v", err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d testsuites, want 1", len(doc.Suites))
	}
	// 8 files with findings, 2 files with notices (one an error), 1 summary case.
	if doc.Tests != 11 || doc.Failures != 8 || doc.Errors != 1 {
		t.Errorf("tests=%d failures=%d errors=%d, want 11, 8, 1", doc.Tests, doc.Failures, doc.Errors)
	}
	listed := 0
	for _, c := range doc.Suites[0].Cases {
		if len(c.Failures) > 1 {
			t.Errorf("testcase %q has %d failures; GitLab reads only one", c.Name, len(c.Failures))
		}
		for _, f := range c.Failures {
			listed += strings.Count(f.Text, "\n") + 1
			if !strings.Contains(f.Text, c.Name+":") {
				t.Errorf("failure of %q does not list its findings by path: %q", c.Name, f.Text)
			}
		}
		if c.Name == "big/dump.sql" && len(c.Errors) != 1 {
			t.Errorf("the unscanned file is not an error testcase")
		}
	}
	if listed != 9 {
		t.Errorf("%d findings listed in failures, want 9", listed)
	}
	clean := write(t, "junit", &report.Report{}, baseOpts)
	if !bytes.Contains(clean, []byte(`tests="1" failures="0" errors="0"`)) {
		t.Errorf("a clean scan is not one passing test:\n%s", clean)
	}
}

func TestJSONShape(t *testing.T) {
	var doc struct {
		Version  string
		Findings []map[string]any
		Summary  struct {
			Findings   int            `json:"findings"`
			BySeverity map[string]int `json:"by_severity"`
			Errors     int            `json:"errors"`
		}
	}
	if err := json.Unmarshal(write(t, "json", fixture(), baseOpts), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != report.JSONSchemaVersion || doc.Summary.Findings != 9 || doc.Summary.Errors != 1 {
		t.Errorf("version %q, %d findings, %d errors", doc.Version, doc.Summary.Findings, doc.Summary.Errors)
	}
	if doc.Summary.BySeverity["critical"] != 2 || doc.Summary.BySeverity["info"] != 1 {
		t.Errorf("by_severity = %v", doc.Summary.BySeverity)
	}
	for _, f := range doc.Findings {
		if _, ok := f["secret"]; ok {
			t.Errorf("json without ShowSecrets has a secret field")
		}
		if f["redacted"] != "SLT****" {
			t.Errorf("redacted = %v, want the preview", f["redacted"])
		}
	}
	hist := doc.Findings[slices.IndexFunc(doc.Findings, func(f map[string]any) bool { return f["file"] == "old/creds.txt" })]
	if hist["commit"] != historyCommit || hist["author"] != "Alice Example" || hist["date"] != "2024-03-01T10:00:00Z" {
		t.Errorf("history fields: %v", hist)
	}
}
