package secretsink_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/secretlint-go/secretlint/analyzers/secretsink"
	"github.com/secretlint-go/secretlint/rules"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), secretsink.Analyzer, "sinks", "stripe", "summary/helper", "summary/use")
}

func TestConfiguredSink(t *testing.T) {
	cfg, err := rules.ParseConfig([]byte(`version: 1
sinks:
  - package: corp/db
    func: Connect
    arg: 1
    kind: password
`), "testdata/.secretlint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), secretsink.New(cfg), "custom")
	// Without the configured sink the call is nothing special.
	analysistest.Run(t, analysistest.TestData(), secretsink.Analyzer, "unconfigured")
}
