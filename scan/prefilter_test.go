package scan

import (
	"os"
	"os/exec"
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
	if fs := scanText(data, textConfig, judge.New(nil), nf, "", nil); len(fs) > 0 {
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
	if worthYAMLBoth(t, nf, data) {
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
		if !worthYAMLBoth(t, filterFor(rules.DefaultNames), []byte(s)) {
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

// TestWorthHitsAgrees checks goscan.WorthHits, which visits only the
// lines a prescan found fragments on, against goscan.Worth, which reads
// every line: on the Go fixtures, the standard library's net/http and
// crypto/tls, and edge cases (CRLF, no final newline, a fragment on the
// first or last line, credentials in a URL, a sink import).
func TestWorthHitsAgrees(t *testing.T) {
	cfg, err := rules.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	fsc, err := newFileScanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	docs := [][]byte{
		[]byte("package x\r\n\r\nvar apiKey = \"x\"\r\n"), []byte("var token = \"x\""), []byte("token := \"x\"\nfunc f() {}"),
		[]byte("package x\n\nvar u = \"postgres://app:pw@db/x\"\n"), []byte("package x\n\nimport \"database/sql\"\n\nfunc f() {}\n"),
		[]byte("package x\n// password: \"x\"\nfunc secretKey(password string) {}\n"), []byte("\n\n"), []byte(""),
		[]byte("x := `\npassword\n` + \"@tcp(db)\"\n"),
	}
	var paths []string
	for _, p := range fixtureFiles(t) {
		if strings.HasSuffix(p, ".go") {
			paths = append(paths, p)
		}
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		for _, dir := range []string{"net/http", "crypto/tls", "database/sql"} {
			m, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "src", dir, "*.go"))
			paths = append(paths, m...)
		}
	}
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			docs = append(docs, data)
		}
	}
	yes := 0
	for i, data := range docs {
		want := goscan.Worth(data, cfg.Names, fsc.nf.frags, cfg.Sinks)
		fh := fsc.pre.Scan(unsafeString(data))
		memo := fsc.nf.memo()
		got := goscan.WorthHits(data, memo, fh, cfg.Sinks, markedAny(fh, keyMarkers, len(prescanMarkers)))
		fsc.nf.release(memo)
		fsc.pre.Release(fh)
		if got != want {
			t.Errorf("doc %d (%.40q): WorthHits = %v, Worth = %v", i, data, got, want)
		}
		if want {
			yes++
		}
	}
	if yes == 0 || yes == len(docs) {
		t.Errorf("Worth says yes to %d of %d files: the cases test nothing", yes, len(docs))
	}
}

// TestNameMemoMatchJoined: MatchJoined answers as Match of the joined
// name, remembered or not, short or past its buffer.
func TestNameMemoMatchJoined(t *testing.T) {
	long := strings.Repeat("x", 130)
	pairs := [][2]string{{"api", "key"}, {"db", "password"}, {"token", "header"}, {"", "secret"}, {"client", ""}, {long, "password"}, {"password", long}}
	m, fresh := judge.NewNameMemo(rules.DefaultNames), judge.NewNameMemo(rules.DefaultNames)
	yes := 0
	for range 2 { // the second round reads the memo
		for _, p := range pairs {
			want := fresh.Match(p[0] + " " + p[1])
			if got := m.MatchJoined(p[0], p[1]); got != want {
				t.Errorf("MatchJoined(%.20q, %.20q) = %v, Match of the joined name = %v", p[0], p[1], got, want)
			}
			if want {
				yes++
			}
		}
	}
	if yes == 0 {
		t.Error("no pair names a secret: the cases test nothing")
	}
}

// TestLiteralConcat checks the test-code gate's look for a string
// literal next to a '+'.
func TestLiteralConcat(t *testing.T) {
	for src, want := range map[string]bool{
		`k := "sk_" + rest`:        true,
		"k := prefix +\n\t\"abc\"": true,
		"k := `a`+b":               true,
		`n := a + b`:               false,
		`s := "a+b"`:               false,
		`i++; s := "x"`:            false,
		"s += f(\"x\")":            false,
	} {
		if got := literalConcat([]byte(src)); got != want {
			t.Errorf("literalConcat(%q) = %v, want %v", src, got, want)
		}
	}
}
