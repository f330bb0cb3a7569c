package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// TestLiveTestPolicy: the sink and name rules, quiet in Go test code, are
// not quiet in a test against a live system (rules.LiveTest), and scan
// reports there what go vet reports, at the same line and column: the
// analyzers' own test data is scanned here. Fake and negative-test
// values stay quiet, as does a test against a local container.
func TestLiveTestPolicy(t *testing.T) {
	key := func(name string) string { return filepath.Base(filepath.Dir(name)) + "/" + filepath.Base(name) }
	want := map[string]string{} // file:line:col -> rule
	for _, c := range []struct{ file, rule, line string }{
		{"../analyzers/secretsink/testdata/src/sinks/live_test.go", "credential-sink", `req.SetBasicAuth("e2e-runner"`},
		{"../analyzers/secretliteral/testdata/src/policy/live_test.go", "hardcoded-credential", `const stagingPassword`},
		{"../analyzers/secretliteral/testdata/src/policy/live_test.go", "credential-sink", `req.SetBasicAuth("e2e-runner"`},
	} {
		src, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(src), "\n") {
			if strings.Contains(l, c.line) {
				col := strings.LastIndex(l[:strings.Index(l, "//")], "\"") // the value's closing quote
				col = strings.LastIndex(l[:col], "\"") + 2                 // its first byte, 1-based
				want[fmt.Sprintf("%s:%d:%d", key(c.file), i+1, col)] = c.rule
			}
		}
	}
	got := map[string]string{}
	for _, name := range []string{
		"../analyzers/secretsink/testdata/src/sinks/live_test.go",
		"../analyzers/secretliteral/testdata/src/policy/live_test.go",
		"../analyzers/secretliteral/testdata/src/policy/local_test.go",
	} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fs, _ := scan.ScanFile(context.Background(), defaultConfig(t), "pkg/"+filepath.Base(name), src)
		for _, f := range fs {
			got[fmt.Sprintf("%s:%d:%d", key(name), f.Line, f.Column)] = f.RuleID
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings %v\nwant %v", got, want)
	}
}
