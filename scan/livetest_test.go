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
		{"../analyzers/secretliteral/testdata/src/policy/live2_test.go", "hardcoded-credential", `const stagingAPIToken`},
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
		"../analyzers/secretliteral/testdata/src/policy/live2_test.go",
	} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// live2_test.go's host is named in live_test.go, as the walker
		// finds (TestLiveTestWalk).
		near := strings.HasSuffix(name, "live2_test.go")
		fs, _ := scan.ScanFileIn(context.Background(), defaultConfig(t), "pkg/"+filepath.Base(name), src, scan.FileContext{RemoteNear: near})
		for _, f := range fs {
			got[fmt.Sprintf("%s:%d:%d", key(name), f.Line, f.Column)] = f.RuleID
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings %v\nwant %v", got, want)
	}
}

// TestLiveTestWalk: the walker finds a live test's remote host in another
// file of its directory, and only there.
func TestLiveTestWalk(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../analyzers/secretliteral/testdata/src/policy/live2_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"live/live2_test.go":  string(src),
		"live/client_test.go": "package policy\n\nconst base = \"https://api.staging.payments-hub.io\"\n",
		"unit/live2_test.go":  string(src),
		"unit/client_test.go": "package policy\n\nconst base = \"http://localhost:8080\"\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		got = append(got, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), f.Line))
	}
	if fmt.Sprint(got) != "[live/live2_test.go:10]" {
		t.Errorf("findings %v, want live/live2_test.go:10 only", got)
	}
}

// TestRemoteURLInTest: a URL logging in to a remote endpoint, and a
// credential in the same call as one, are reported in test code, at the
// column go vet reports (the analyzers' test data); local and example
// hosts stay quiet.
func TestRemoteURLInTest(t *testing.T) {
	name := "../analyzers/secretliteral/testdata/src/policy/remoteurl_test.go"
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := scan.ScanFileIn(context.Background(), defaultConfig(t), "pkg/remoteurl_test.go", src, scan.FileContext{})
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%d:%d %s", f.Line, f.Column, f.RuleID))
	}
	lines := strings.Split(string(src), "\n")
	want := fmt.Sprintf("5:%d url-credentials", strings.Index(lines[4], "N9xd")+1)
	for i, l := range lines {
		if strings.Contains(l, "stagingClient =") {
			want += fmt.Sprintf(",%d:%d hardcoded-credential", i+1, strings.Index(l, "HYJD")+1)
		}
	}
	if strings.Join(got, ",") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}
