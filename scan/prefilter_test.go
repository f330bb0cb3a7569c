package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/goscan"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// checkPrefilter asserts the prefilter's promise on one input: when it
// says a text cannot hold a finding of the YAML or line scanners, they
// find nothing.
func checkPrefilter(t *testing.T, data []byte) {
	t.Helper()
	nf := filterFor(rules.DefaultNames)
	checkYAMLGate(t, data)
	if nf.worth(data) {
		return
	}
	if res, err := yamlscan.Scan(data, yamlscan.Options{Path: "x.yaml"}); err == nil && len(res.Findings) > 0 {
		t.Fatalf("prefilter rejected a YAML text with %d findings (first %s at %d:%d)", len(res.Findings), res.Findings[0].RuleID, res.Findings[0].Line, res.Findings[0].Column)
	}
	if fs := scanText(data, textConfig, judge.New(nil), nf, ""); len(fs) > 0 {
		t.Fatalf("prefilter rejected a text with %d line-scanner findings (first %s at %d:%d)", len(fs), fs[0].RuleID, fs[0].Line, fs[0].Column)
	}
}

// checkYAMLGate asserts the YAML gate's promise on one input: when
// worthYAML says a YAML file need not be parsed, the structure-aware pass
// (its findings and those of the files embedded in block scalars) finds
// nothing, and neither does the line scanner that replaces it when the
// file is not YAML (checked on the input with a line that is not UTF-8).
func checkYAMLGate(t *testing.T, data []byte) {
	t.Helper()
	nf := filterFor(rules.DefaultNames)
	if nf.worthYAML(data, judge.New(nil)) {
		return
	}
	if nf.worth(data) {
		yamlGateRejected++
	}
	// And as text: a comment that is not UTF-8 keeps the parser out.
	found := structuralFindings(t, data)
	if len(found) == 0 {
		found = structuralFindings(t, append(data[:len(data):len(data)], "\n# \xff\n"...))
	}
	if len(found) > 0 {
		t.Fatalf("the YAML gate rejected a file with %d findings (first %s at %d:%d, key %q):\n%s", len(found), found[0].RuleID, found[0].Line, found[0].Column, found[0].KeyPath, data)
	}
}

// yamlGateRejected counts the inputs with a secret name that the YAML
// gate rejected: a test that rejects none proves nothing.
var yamlGateRejected int

func fixtureFiles(t testing.TB) []string {
	var out []string
	_ = filepath.Walk("../testdata/scan", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.Contains(p, "golden") {
			out = append(out, p)
		}
		return nil
	})
	if len(out) < 20 {
		t.Fatalf("found only %d fixtures", len(out))
	}
	return out
}

// TestPrefilterSound: on every fixture, and on each of its lines alone,
// the prefilter never hides a finding.
func TestPrefilterSound(t *testing.T) {
	rejected := 0
	for _, p := range fixtureFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkPrefilter(t, data)
		for _, l := range strings.Split(string(data), "\n") {
			if !filterFor(rules.DefaultNames).worth([]byte(l)) {
				rejected++
			}
			checkPrefilter(t, []byte(l))
		}
	}
	if rejected == 0 {
		t.Errorf("the prefilter rejected no line: the test proves nothing")
	}
	for _, s := range []string{"api:key: Zq9vLm2kXw7pR4tY6uI3", "{db password: Zq9vLm2kXw7pR4tY6uI3}", "- --auth-token=Zq9vLm2kXw7pR4tY6uI3"} {
		if !filterFor(rules.DefaultNames).worth([]byte(s)) {
			t.Errorf("prefilter rejects %q", s)
		}
		if !filterFor(rules.DefaultNames).worthYAML([]byte(s), judge.New(nil)) {
			t.Errorf("YAML gate rejects %q", s)
		}
	}
	if yamlGateRejected == 0 {
		t.Errorf("the YAML gate rejected no input with a secret name: the test proves nothing")
	}
}

// TestWorthIsSound: every Go fixture with a finding of the syntax scanner
// passes goscan.Worth; a file without secret names does not.
func TestWorthIsSound(t *testing.T) {
	names := rules.DefaultNames
	frags := judge.Fragments(names)
	for _, p := range fixtureFiles(t) {
		if !strings.HasSuffix(p, ".go") {
			continue
		}
		data, _ := os.ReadFile(p)
		fs, _ := goscan.Scan(p, data, goscan.Options{Generated: true})
		if len(fs) > 0 && !goscan.Worth(data, names, frags, rules.DefaultSinks()) {
			t.Errorf("%s: %d findings but Worth says no", p, len(fs))
		}
	}
	plain := []byte("package x\n\nimport \"k8s.io/api/core/v1\"\n\nfunc f() string { return \"hello world\" }\n")
	if goscan.Worth(plain, names, frags, rules.DefaultSinks()) {
		t.Errorf("Worth accepts a file without secret names")
	}
}

// FuzzPrefilter: the prefilter never hides a finding.
func FuzzPrefilter(f *testing.F) {
	for _, p := range fixtureFiles(f) {
		if data, err := os.ReadFile(p); err == nil && len(data) < 4096 {
			f.Add(data)
		}
	}
	for _, s := range yamlGateShapes {
		f.Add([]byte(strings.ReplaceAll(s, "@V@", "Zq9vLm2kXw7pR4tY6uI3")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		checkPrefilter(t, data)
	})
}
