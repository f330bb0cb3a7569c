package report_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/report"
)

// multitool finds Microsoft's SARIF Multitool: $SARIF_MULTITOOL, or the
// copy scripts/sarif-check.sh installs under .tools/bin.
func multitool(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SARIF_MULTITOOL"); p != "" {
		return p
	}
	p, err := filepath.Abs(filepath.Join("..", ".tools", "bin", "sarif-multitool"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

var multitoolProblem = regexp.MustCompile(`(?m)^.*\((\d+),(\d+)\): (error|warning|note) ([A-Z]+\d+): .*$`)

// TestSARIFMultitool validates the SARIF output the way GitHub code
// scanning ingests it: the multitool's SARIF rules plus GitHub's GH rules.
// Any error fails the test.
func TestSARIFMultitool(t *testing.T) {
	tool := multitool(t)
	if tool == "" {
		t.Skip("SARIF Multitool not installed: run scripts/sarif-check.sh (or set SARIF_MULTITOOL) to validate with it")
	}
	dir := t.TempDir()
	// A control first: gitleaks-style rules without help or descriptions
	// must fail GitHub's GH2012, or the tool (or our reading of its
	// output) proves nothing.
	t.Run("control", func(t *testing.T) {
		bad := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r"}]}},"results":[]}]}`
		errs, _ := runMultitool(t, tool, dir, "control", []byte(bad))
		if !strings.Contains(strings.Join(errs, "\n"), "error GH2012") {
			t.Errorf("the multitool did not report GH2012 on a rule without help; got %q", errs)
		}
	})
	for name, r := range reports() {
		t.Run(name, func(t *testing.T) {
			errs, warns := runMultitool(t, tool, dir, name, write(t, "sarif", r, report.Options{ToolVersion: "v0.3.0"}))
			for _, e := range errs {
				t.Errorf("multitool: %s", e)
			}
			// The SARIF holds no values, so its diagnostics may be logged.
			t.Logf("multitool: %d errors, %d warnings or notes", len(errs), len(warns))
			for _, w := range warns {
				t.Logf("multitool: %s", w)
			}
		})
	}
}

// runMultitool validates one SARIF document and returns the errors and
// the other problems the multitool printed.
func runMultitool(t *testing.T, tool, dir, name string, sarif []byte) (errs, others []string) {
	t.Helper()
	in := filepath.Join(dir, name+".sarif")
	if err := os.WriteFile(in, sarif, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, "validate", in, "--rule-kind", "Sarif;Gh",
		"-o", filepath.Join(dir, name+".validation.sarif"), "--log", "ForceOverwrite")
	// The multitool is a .NET program: no telemetry, and no need for ICU.
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sarif-multitool: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Analysis completed successfully") || strings.Contains(string(out), "invalid target") {
		t.Fatalf("sarif-multitool did not analyse %s:\n%s", in, out)
	}
	for _, m := range multitoolProblem.FindAllStringSubmatch(string(out), -1) {
		if m[3] == "error" {
			errs = append(errs, m[0])
		} else {
			others = append(others, m[0])
		}
	}
	return errs, others
}
