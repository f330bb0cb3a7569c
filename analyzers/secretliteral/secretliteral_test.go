package secretliteral_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/secretlint-go/secretlint/analyzers/secretliteral"
	"github.com/secretlint-go/secretlint/rules"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), secretliteral.Analyzer, "a", "policy", "testutil", "gen", "directives")
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
