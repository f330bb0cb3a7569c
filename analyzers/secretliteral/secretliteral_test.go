package secretliteral_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/secretlint-go/secretlint/analyzers/secretliteral"
	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/rules"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), secretliteral.Analyzer, "a", "policy", "testutil", "gen", "directives", "xpkg/def", "xpkg/use")
}

func TestConfiguration(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src", "configured")
	cfg, err := rules.ParseConfig([]byte(`version: 1
rules:
  disable: [github-pat]
secret-names: [pin]
allow:
  values: ["^allowed-"]
  paths: ["fixtures_*.go"]
`), filepath.Join(dir, ".secretlint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), secretliteral.New(cfg), "configured")
}

// TestSessionToken: an STS session token is a provider format, reported
// wherever a constant holds one, under any name; the prefix quoted alone
// and a word standing in for a token are not. The token is made at test
// time in its format (a random body after the origin header).
func TestSessionToken(t *testing.T) {
	tok := fakesecret.AWSSessionToken()
	dir := t.TempDir()
	src := "package sessiontok\n\n" +
		"const note = \"" + tok + "\" // want `^aws session token in string literal assigned to note \\(aws-session-token\\)$`\n\n" +
		"const prefix = \"IQoJb3JpZ2luX2Vj\"\n\n" +
		"var stub = map[string]string{\"SessionToken\": \"SESSION\"}\n"
	if err := os.MkdirAll(filepath.Join(dir, "src", "sessiontok"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "sessiontok", "s.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, secretliteral.Analyzer, "sessiontok")
}
