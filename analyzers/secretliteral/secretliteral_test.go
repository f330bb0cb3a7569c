package secretliteral_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/secretlint-go/secretlint/analyzers/secretliteral"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), secretliteral.Analyzer, "a")
}
