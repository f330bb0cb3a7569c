package scan_test

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
	yaml "go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/scan/golden")

const fixtures = "../testdata/scan"

// families are the fixture directories with golden outputs.
var families = []string{"k8s", "compose", "actions", "cloudformation", "spring", "helm", "ansible", "dbt", "env", "go", "kubeconfig", "suppress"}

func defaultConfig(t testing.TB) *rules.Config {
	t.Helper()
	cfg, err := rules.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Salt = finding.DefaultSalt
	return cfg
}

func runFamily(t testing.TB, fam string) *scan.Result {
	t.Helper()
	dir := filepath.Join(fixtures, fam)
	opts := scan.Options{Paths: []string{dir}, Config: defaultConfig(t), Workers: 2}
	if fam == "dbt" {
		opts.DBTProfilesDir = filepath.Join(dir, "profiles_dir")
	}
	res, err := scan.Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run(%s): %v", dir, err)
	}
	return res
}

// TestGolden scans each fixture family and compares the findings and
// notices, rendered without secret values, with testdata/scan/golden.
func TestGolden(t *testing.T) {
	for _, fam := range families {
		t.Run(fam, func(t *testing.T) {
			res := runFamily(t, fam)
			got := render(res, filepath.ToSlash(filepath.Join(fixtures, fam))+"/")
			golden := filepath.Join(fixtures, "golden", fam+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run go test ./scan -run TestGolden -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("findings of %s differ from %s (run with -update to accept):\n%s", fam, golden, lineDiff(string(want), got))
			}
			checkFindings(t, res)
		})
	}
}

// render prints a result without secrets: one block per finding.
func render(res *scan.Result, prefix string) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "%s:%d:%d-%d:%d %s %s span=%d-%d", strings.TrimPrefix(f.File, prefix), f.Line, f.Column, f.EndLine, f.EndColumn, f.RuleID, f.Severity, f.Offset, f.EndOffset)
		if f.Encoding != "" {
			fmt.Fprintf(&b, " enc=%s", f.Encoding)
		}
		if f.KeyPath != "" {
			fmt.Fprintf(&b, " key=%s", f.KeyPath)
		}
		keys := make([]string, 0, len(f.Meta))
		for k := range f.Meta {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%s", k, f.Meta[k])
		}
		fmt.Fprintf(&b, " fp=%s\n    %s\n", f.Fingerprint[:12], f.Message)
	}
	for _, n := range res.Notices {
		fmt.Fprintf(&b, "notice %s:%d %s error=%v: %s\n", strings.TrimPrefix(n.File, prefix), n.Line, n.Kind, n.Error, n.Message)
	}
	return b.String()
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// checkFindings asserts what the remediation engine relies on: spans inside
// the file, the secret's bytes where Line/Column say, the written value at
// Offset/EndOffset (a YAML scalar that decodes to a value holding the
// secret), and messages that never hold the value.
func checkFindings(t *testing.T, res *scan.Result) {
	t.Helper()
	contents := map[string][]byte{}
	for _, f := range res.Findings {
		data, ok := contents[f.File]
		if !ok {
			var err error
			if data, err = os.ReadFile(filepath.FromSlash(f.File)); err != nil {
				t.Fatalf("reading %s: %v", f.File, err)
			}
			contents[f.File] = data
		}
		checkFinding(t, data, f)
	}
}

func checkFinding(t *testing.T, data []byte, f finding.Finding) {
	t.Helper()
	where := fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Column, f.RuleID)
	if f.Offset < 0 || f.Offset > f.EndOffset || f.EndOffset > len(data) {
		t.Errorf("%s: span %d-%d outside the file of %d bytes", where, f.Offset, f.EndOffset, len(data))
		return
	}
	ss, se := offsetOf(data, f.Line, f.Column), offsetOf(data, f.EndLine, f.EndColumn)
	if ss < 0 || se < ss {
		t.Errorf("%s: line/column span %d:%d-%d:%d is not in the file", where, f.Line, f.Column, f.EndLine, f.EndColumn)
		return
	}
	secret := f.Secret.Reveal()
	if f.Fingerprint == "" || f.Description == "" || f.Severity == finding.SeverityUnknown {
		t.Errorf("%s: fingerprint %q, description %q, severity %v: all must be set", where, f.Fingerprint, f.Description, f.Severity)
	}
	switch f.RuleID {
	case "unused-suppression", "invalid-suppression", "dbt-env-var-not-secret":
		return // the "secret" is a directive or a variable name
	}
	if len(secret) >= 4 && strings.Contains(f.Message, secret) {
		t.Errorf("%s: the message contains the secret", where)
	}
	if ss < f.Offset || se > f.EndOffset {
		t.Errorf("%s: the secret's span %d-%d is not inside the value's span %d-%d", where, ss, se, f.Offset, f.EndOffset)
	}
	written := string(data[ss:se])
	if f.Encoding == "" && written != secret && squeeze(written) != squeeze(secret) {
		t.Errorf("%s: the bytes at the secret's line/column are not the secret (%d bytes there, secret of %d)", where, len(written), len(secret))
	}
	if f.KeyPath != "" && (strings.HasSuffix(f.File, ".yml") || strings.HasSuffix(f.File, ".yaml")) {
		var v map[string]any
		token := string(data[f.Offset:f.EndOffset])
		if err := yaml.Unmarshal([]byte("x: "+token), &v); err != nil {
			t.Errorf("%s: the value's span is not a YAML scalar: %v", where, err)
			return
		}
		val := fmt.Sprint(v["x"])
		if f.Encoding == "base64" {
			dec, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(val), ""))
			if err != nil {
				t.Errorf("%s: encoded value does not decode: %v", where, err)
				return
			}
			val = string(dec)
		}
		if !strings.Contains(squeeze(val), squeeze(secret)) {
			t.Errorf("%s: the scalar at the value's span does not hold the secret", where)
		}
	}
}

// squeeze drops white space (block scalars re-indent the value).
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func offsetOf(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(string(data[off:]), '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	off += col - 1
	if off > len(data) {
		return -1
	}
	return off
}
