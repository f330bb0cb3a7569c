package scan_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

const iacDir = "../testdata/scan/iac"

// TestIaCCorpus is the regression test of the Terraform, Ansible, GitLab
// CI and GitHub Actions corpus (testdata/scan/iac, labels in its LABELS
// file; the fake secrets were generated in their real formats when the
// corpus was written). Every labeled secret must be found, except the
// known misses below, and no other line reported. With
// $SECRETLINT_GITLEAKS naming a gitleaks binary it also scores gitleaks
// on the same files (bench/iac.sh); the table goes to the test log and to
// $SECRETLINT_IAC_TABLE.
func TestIaCCorpus(t *testing.T) {
	labels := readManifest(t, iacDir+"/LABELS")
	// Secrets the scan is known to miss, each with its reason (none
	// today).
	knownMisses := map[string]string{}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{iacDir}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	perFormat := map[string]int{}
	for _, f := range res.Findings {
		rel := strings.TrimPrefix(f.File, iacDir+"/")
		if rel == "LABELS" {
			continue
		}
		loc := fmt.Sprintf("%s:%d", rel, f.Line)
		ours = append(ours, loc)
		perFormat[f.Meta["format"]]++
		if _, ok := labels[loc]; !ok {
			t.Errorf("false positive: %s %s %s (%s)", loc, f.RuleID, f.KeyPath, f.Message)
		}
		if want := iacFormat(rel); f.Meta["format"] != want {
			t.Errorf("%s: format %q, want %q", loc, f.Meta["format"], want)
		}
	}
	for loc, l := range labels {
		if l.kind == "secret" && !slices.Contains(ours, loc) && knownMisses[loc] == "" {
			t.Errorf("missed: %s", loc)
		}
	}
	for loc := range knownMisses {
		if slices.Contains(ours, loc) {
			t.Errorf("known miss %s is found now: remove it from the list", loc)
		}
	}
	us := evaluate(labels, ours)
	var gl map[string]*score
	if bin := os.Getenv("SECRETLINT_GITLEAKS"); bin != "" {
		gl = runGitleaksOn(t, bin, iacDir, labels)
	}
	var b strings.Builder
	b.WriteString(scoreTable([]string{"terraform", "ansible", "gitlab", "actions"}, us, gl))
	fmt.Fprintf(&b, "\nsecretlint findings per format: terraform %d, ansible %d, gitlab-ci %d, actions %d\n",
		perFormat["terraform"], perFormat["ansible"], perFormat["gitlab-ci"], perFormat["actions"])
	t.Log(b.String())
	if out := os.Getenv("SECRETLINT_IAC_TABLE"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// iacFormat is the Meta["format"] a finding in a corpus file must carry.
func iacFormat(rel string) string {
	fam, _, _ := strings.Cut(rel, "/")
	switch fam {
	case "gitlab":
		return "gitlab-ci"
	}
	return fam
}
