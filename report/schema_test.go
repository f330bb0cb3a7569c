package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/report"
)

// compile compiles a JSON schema document with format assertions on, so
// that, e.g., SARIF's uri and uri-reference formats are checked. Nothing
// is fetched: every schema is a local document.
func compile(t *testing.T, url string, doc []byte) *jsonschema.Schema {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("parsing schema %s: %v", url, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, v); err != nil {
		t.Fatalf("adding schema %s: %v", url, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling schema %s: %v", url, err)
	}
	return sch
}

func compileFile(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return compile(t, "file:///"+path, doc)
}

func validate(t *testing.T, sch *jsonschema.Schema, name string, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%s: output is not JSON: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not validate:\n%v", name, err)
	}
}

// mustNotValidate proves a schema has teeth: a document broken on purpose
// must fail.
func mustNotValidate(t *testing.T, sch *jsonschema.Schema, name string, out []byte, edit func(map[string]any)) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, _ := json.Marshal(doc)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err := sch.Validate(inst); err == nil {
		t.Errorf("%s: a document broken on purpose still validates", name)
	}
}

func reports() map[string]*report.Report {
	warnOnly := fixture()
	warnOnly.Notices = warnOnly.Notices[:1]
	return map[string]*report.Report{
		"fixture":      fixture(),
		"empty":        {},
		"warning-only": warnOnly,
		"relative-root": {
			Root:     ".",
			Findings: fixture().Findings[:2],
		},
		// Issue 16: the configuration that applied, in every format.
		"config-sources": {
			Findings: fixture().Findings[:1],
			Sources: []report.Source{
				{File: ".secretlint.yaml", Kind: "config", Suppressed: 2, SkippedFiles: 1},
				{File: ".secretlintignore", Kind: "ignore", SkippedFiles: 3},
			},
		},
	}
}

func TestJSONMatchesItsSchema(t *testing.T) {
	sch := compile(t, "mem:///report.schema.json", report.JSONSchema())
	for name, r := range reports() {
		for _, show := range []bool{false, true} {
			opts := baseOpts
			opts.ShowSecrets = show
			validate(t, sch, name, write(t, "json", r, opts))
		}
	}
	out := write(t, "json", fixture(), baseOpts)
	mustNotValidate(t, sch, "extra field", out, func(d map[string]any) {
		d["findings"].([]any)[0].(map[string]any)["line_text"] = "x"
	})
	mustNotValidate(t, sch, "bad severity", out, func(d map[string]any) {
		d["findings"].([]any)[0].(map[string]any)["severity"] = "severe"
	})
	mustNotValidate(t, sch, "missing summary", out, func(d map[string]any) { delete(d, "summary") })
}

// TestJSONSchemaDocumentsEveryField checks the other direction: every
// property the schema documents appears in the fixture's output, so the
// schema cannot describe fields that were dropped.
func TestJSONSchemaDocumentsEveryField(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(report.JSONSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	opts := baseOpts
	opts.ShowSecrets = true
	out := string(write(t, "json", fixture(), opts))
	for def, d := range schema.Defs {
		for prop := range d.Properties {
			if !strings.Contains(out, `"`+prop+`":`) {
				t.Errorf("schema $defs/%s documents %q, which the fixture's output never has", def, prop)
			}
		}
	}
}

func TestSARIFMatchesOfficialSchema(t *testing.T) {
	sch := compileFile(t, "testdata/sarif-schema-2.1.0.json")
	for name, r := range reports() {
		for _, show := range []bool{false, true} {
			opts := baseOpts
			opts.ShowSecrets = show
			validate(t, sch, name, write(t, "sarif", r, opts))
		}
	}
	out := write(t, "sarif", fixture(), baseOpts)
	mustNotValidate(t, sch, "startLine 0", out, func(d map[string]any) {
		res := d["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
		res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)["startLine"] = 0
	})
	mustNotValidate(t, sch, "unknown level", out, func(d map[string]any) {
		d["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)["level"] = "critical"
	})
}

// sarifDoc is the part of a SARIF log the tests inspect.
type sarifDoc struct {
	Schema string `json:"$schema"`
	Runs   []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				InformationURI  string `json:"informationUri"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					Default          struct{ Level string } `json:"defaultConfiguration"`
					Properties       struct {
						Tags             []string `json:"tags"`
						SecuritySeverity string   `json:"security-severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level string `json:"level"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Locations []struct {
				Physical struct {
					Artifact struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func readSARIF(t *testing.T, r *report.Report, opts report.Options) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(write(t, "sarif", r, opts), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return doc
}

// TestSARIFForGitHub checks what GitHub code scanning reads beyond the
// schema: rule metadata, severities, locations and fingerprints.
func TestSARIFForGitHub(t *testing.T) {
	r := fixture()
	doc := readSARIF(t, r, baseOpts)
	run := doc.Runs[0]
	d := run.Tool.Driver
	if d.Name != "secretlint" || d.InformationURI == "" || d.SemanticVersion != "0.3.0" {
		t.Errorf("driver name %q, informationUri %q, semanticVersion %q", d.Name, d.InformationURI, d.SemanticVersion)
	}
	seen := map[string]bool{}
	for _, f := range r.Findings {
		seen[f.RuleID] = true
	}
	if len(d.Rules) != len(seen) {
		t.Errorf("%d rules, want one per rule that appears (%d)", len(d.Rules), len(seen))
	}
	score := map[string]string{"hardcoded-credential": "8.0", "aws-access-token": "9.5", "generic-api-key": "5.5", "dbt-env-var-not-secret": "3.0"}
	for i, rule := range d.Rules {
		if !seen[rule.ID] {
			t.Errorf("rule %s is listed but has no result", rule.ID)
		}
		if i > 0 && d.Rules[i-1].ID >= rule.ID {
			t.Errorf("rules not sorted: %s before %s", d.Rules[i-1].ID, rule.ID)
		}
		if rule.Name == "" || rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Help.Text == "" || rule.Help.Markdown == "" {
			t.Errorf("rule %s lacks name, descriptions or help (GitHub requires them)", rule.ID)
		}
		if !strings.Contains(strings.Join(rule.Properties.Tags, " "), "security") || !strings.Contains(strings.Join(rule.Properties.Tags, " "), "external/cwe/cwe-798") {
			t.Errorf("rule %s tags %v lack security or CWE-798", rule.ID, rule.Properties.Tags)
		}
		if want, ok := score[rule.ID]; ok && rule.Properties.SecuritySeverity != want {
			t.Errorf("rule %s security-severity %q, want %q", rule.ID, rule.Properties.SecuritySeverity, want)
		}
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(r.Findings))
	}
	byFingerprint := map[string]finding.Finding{}
	for _, f := range r.Findings {
		byFingerprint[f.Fingerprint] = f
	}
	for _, res := range run.Results {
		if d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d, which is %s", res.RuleID, res.RuleIndex, d.Rules[res.RuleIndex].ID)
		}
		f, ok := byFingerprint[res.PartialFingerprints["secretlint/v1"]]
		if !ok {
			t.Errorf("result %s: partialFingerprints %v is no finding's fingerprint", res.RuleID, res.PartialFingerprints)
			continue
		}
		loc := res.Locations[0].Physical
		if loc.Artifact.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.Artifact.URI, "/") {
			t.Errorf("result %s: location %+v is not relative to %%SRCROOT%%", res.RuleID, loc.Artifact)
		}
		if loc.Region.StartLine != f.Line || loc.Region.StartColumn != f.Column || loc.Region.EndLine != f.EndLine || loc.Region.EndColumn != f.EndColumn {
			t.Errorf("result %s: region %+v, want the value's span %d:%d-%d:%d", res.RuleID, loc.Region, f.Line, f.Column, f.EndLine, f.EndColumn)
		}
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///home/ci/project/" {
		t.Errorf("originalUriBaseIds %%SRCROOT%% = %q", got)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) != 2 {
		t.Errorf("invocation: executionSuccessful %v with an error notice, %d notifications", inv.ExecutionSuccessful, len(inv.Notifications))
	}
	warnOnly := fixture()
	warnOnly.Notices = warnOnly.Notices[:1]
	if !readSARIF(t, warnOnly, baseOpts).Runs[0].Invocations[0].ExecutionSuccessful {
		t.Errorf("a warning alone made executionSuccessful false")
	}
	// A unicode path is percent-encoded.
	if !strings.Contains(string(write(t, "sarif", r, baseOpts)), `"uri": "donn%C3%A9es/%E9%85%8D%E7%BD%AE/%D0%BA%D0%BB%D1%8E%D1%87.env"`) {
		t.Errorf("unicode path is not percent-encoded")
	}
}

// TestSARIFFingerprints: a partial fingerprint survives lines moving and
// changes with the value, as GitHub needs to keep one alert per secret.
func TestSARIFFingerprints(t *testing.T) {
	fp := func(line int, value string) string {
		f := mk("hardcoded-credential", "a.yaml", line, 5, finding.SeverityHigh, "m", value)
		doc := readSARIF(t, &report.Report{Findings: []finding.Finding{f}}, baseOpts)
		return doc.Runs[0].Results[0].PartialFingerprints["secretlint/v1"]
	}
	a := fp(3, "SLTEST-november-1111")
	if a == "" {
		t.Fatal("no partial fingerprint")
	}
	if b := fp(40, "SLTEST-november-1111"); b != a {
		t.Errorf("moving the line changed the fingerprint")
	}
	if c := fp(3, "SLTEST-november-2222"); c == a {
		t.Errorf("changing the value kept the fingerprint")
	}
}

func TestSARIFSameWithShowSecrets(t *testing.T) {
	opts := baseOpts
	opts.ShowSecrets = true
	if a, b := write(t, "sarif", fixture(), baseOpts), write(t, "sarif", fixture(), opts); !bytes.Equal(a, b) {
		t.Errorf("ShowSecrets changed the SARIF output")
	}
	if strings.Contains(string(write(t, "sarif", fixture(), opts)), `"snippet"`) {
		t.Errorf("SARIF has a snippet")
	}
}

func TestGitLabMatchesSchemaRequirements(t *testing.T) {
	sch := compileFile(t, "testdata/gitlab-secret-detection-15.0.7.subset.schema.json")
	for name, r := range reports() {
		validate(t, sch, name, write(t, "gitlab", r, baseOpts))
	}
	out := write(t, "gitlab", fixture(), baseOpts)
	mustNotValidate(t, sch, "raw extract", out, func(d map[string]any) {
		d["vulnerabilities"].([]any)[0].(map[string]any)["raw_source_code_extract"] = "x"
	})
	mustNotValidate(t, sch, "time with zone", out, func(d map[string]any) {
		d["scan"].(map[string]any)["start_time"] = "2025-01-02T03:04:05Z"
	})

	var doc struct {
		Version string
		Scan    struct {
			StartTime string `json:"start_time"`
			EndTime   string `json:"end_time"`
			Messages  []struct{ Level, Value string }
		}
		Vulnerabilities []struct {
			ID       string
			Category string
			Severity string
			Location struct {
				File   string
				Commit struct{ SHA string }
			}
			Identifiers []struct{ Type, Value string }
		}
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scan.StartTime != "2025-01-02T03:04:05" || doc.Scan.EndTime != "2025-01-02T03:04:06" {
		t.Errorf("scan times %q..%q", doc.Scan.StartTime, doc.Scan.EndTime)
	}
	if len(doc.Scan.Messages) != 2 || doc.Scan.Messages[0].Level != "warn" {
		t.Errorf("scan messages %+v, want the error notice as warn first", doc.Scan.Messages)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	ids := map[string]bool{}
	for _, v := range doc.Vulnerabilities {
		if !uuid.MatchString(v.ID) || ids[v.ID] {
			t.Errorf("id %q is not a fresh name-based UUID", v.ID)
		}
		ids[v.ID] = true
		if v.Category != "secret_detection" || v.Identifiers[0].Type != "secretlint_rule_id" {
			t.Errorf("category %q, primary identifier %+v", v.Category, v.Identifiers[0])
		}
		wantSHA := "0000000"
		if v.Location.File == "old/creds.txt" {
			wantSHA = historyCommit
		}
		if v.Location.Commit.SHA != wantSHA {
			t.Errorf("%s: commit sha %q, want %q", v.Location.File, v.Location.Commit.SHA, wantSHA)
		}
	}
	sev := map[string]bool{}
	for _, v := range doc.Vulnerabilities {
		sev[v.Severity] = true
	}
	for _, s := range []string{"Critical", "High", "Medium", "Low", "Info"} {
		if !sev[s] {
			t.Errorf("severity %s never written", s)
		}
	}
}
