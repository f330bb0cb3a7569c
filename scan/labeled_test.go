package scan_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

const labeledDir = "../testdata/scan/labeled"

// label is one manifest entry: a line holding a secret (must be found) or
// an advisory finding (neither a hit nor a false positive when reported).
type label struct {
	file string
	line int
	kind string
}

func readManifest(t *testing.T, name string) map[string]label {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]label{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		parts := strings.Split(sc.Text(), "\t")
		n, err := strconv.Atoi(parts[1])
		if len(parts) != 3 || err != nil {
			t.Fatalf("bad manifest line %q", sc.Text())
		}
		out[parts[0]+":"+parts[1]] = label{parts[0], n, parts[2]}
	}
	return out
}

// familyOf names the family of a corpus file for the table.
func familyOf(file string) string {
	fam, _, _ := strings.Cut(file, "/")
	if fam == "dbt" {
		switch path.Base(file) {
		case "profiles.yml":
			return "dbt-profiles"
		case "packages.yml":
			return "dbt-packages"
		case "dbt_project.yml":
			return "dbt-project"
		}
	}
	return fam
}

// score is one tool's counts for one family.
type score struct{ tp, fp, fn int }

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

// evaluate scores reported file:line locations against the manifest.
func evaluate(labels map[string]label, reported []string) map[string]*score {
	scores := map[string]*score{}
	get := func(fam string) *score {
		if scores[fam] == nil {
			scores[fam] = &score{}
		}
		return scores[fam]
	}
	seen := map[string]bool{}
	for _, loc := range reported {
		if seen[loc] {
			continue
		}
		seen[loc] = true
		file, _, _ := strings.Cut(loc, ":")
		l, ok := labels[loc]
		switch {
		case !ok:
			get(familyOf(file)).fp++
		case l.kind == "secret":
			get(familyOf(file)).tp++
		}
	}
	for loc, l := range labels {
		if l.kind == "secret" && !seen[loc] {
			get(familyOf(l.file)).fn++
		}
	}
	return scores
}

// TestLabeledCorpus measures precision and recall per family on the
// labeled corpus, and those of gitleaks when $SECRETLINT_GITLEAKS names a
// gitleaks binary (bench/labeled.sh sets it). Every secret of the manifest
// must be found, and no line outside it reported.
func TestLabeledCorpus(t *testing.T) {
	labels := readManifest(t, "../testdata/scan/labeled.manifest.tsv")
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{labeledDir}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, f := range res.Findings {
		rel := strings.TrimPrefix(f.File, filepath.ToSlash(labeledDir)+"/")
		loc := fmt.Sprintf("%s:%d", rel, f.Line)
		ours = append(ours, loc)
		if l, ok := labels[loc]; !ok {
			if _, known := knownFalsePositives[loc]; !known {
				t.Errorf("false positive: %s %s (%s)", loc, f.RuleID, f.Message)
			}
		} else if l.kind == "secret" && f.Severity.String() == "info" {
			t.Errorf("%s: a secret reported at severity info", loc)
		}
	}
	for loc := range knownFalsePositives {
		if !slices.Contains(ours, loc) {
			t.Errorf("known false positive %s is no longer reported: remove it from the list", loc)
		}
	}
	us := evaluate(labels, ours)
	for loc, l := range labels {
		if l.kind == "secret" && !slices.Contains(ours, loc) {
			t.Errorf("missed: %s", loc)
		}
	}
	var gl map[string]*score
	if bin := os.Getenv("SECRETLINT_GITLEAKS"); bin != "" {
		gl = runGitleaks(t, bin, labels)
	}
	fams := make([]string, 0, len(us))
	for fam := range us {
		fams = append(fams, fam)
	}
	for fam := range gl {
		if us[fam] == nil {
			fams = append(fams, fam)
		}
	}
	slices.Sort(fams)
	var b strings.Builder
	b.WriteString(scoreTable(fams, us, gl))
	t.Log(b.String())
	if out := os.Getenv("SECRETLINT_LABELED_TABLE"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// TestBlindCorpus checks the scan on a second labeled corpus, written by
// someone who had read neither the rules nor the corpus above: 86 secrets
// and 126 look-alikes in Go, YAML, dbt, env, properties, Terraform, shell
// and Dockerfiles. Every secret must be found and no clean line reported,
// except the known cases below, each with its reason.
func TestBlindCorpus(t *testing.T) {
	const dir = "../testdata/scan/blind"
	labels := readManifest(t, "../testdata/scan/blind.manifest.tsv")
	knownMisses := map[string]string{
		// Under a key name a value must read as generated; words and a
		// year do not (the same rule keeps ImagePullSecret: "secret1" quiet).
		"goapp/internal/config/config.go:27": `const legacyAPIKey = "acme-prod-key-2024"`,
	}
	knownFP := map[string]string{
		// dbt-env-var-not-secret (low) by design: dbt scrubs only
		// DBT_ENV_SECRET_ variables from its logs.
		"dbt/profiles.yml:47": "env_var('PG_PASSWORD') on a password field",
	}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, f := range res.Findings {
		loc := fmt.Sprintf("%s:%d", strings.TrimPrefix(f.File, dir+"/"), f.Line)
		ours = append(ours, loc)
		if _, ok := labels[loc]; !ok && knownFP[loc] == "" {
			t.Errorf("false positive: %s %s (%s)", loc, f.RuleID, f.Message)
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
	for loc := range knownFP {
		if !slices.Contains(ours, loc) {
			t.Errorf("known false positive %s is no longer reported: remove it from the list", loc)
		}
	}
	var all score
	for _, s := range evaluate(labels, ours) {
		all.tp, all.fp, all.fn = all.tp+s.tp, all.fp+s.fp, all.fn+s.fn
	}
	t.Logf("blind corpus: precision %.3f, recall %.3f (%d/%d)", all.precision(), all.recall(), all.tp, all.tp+all.fn)
}

// knownFalsePositives are the false positives the scan is known to make
// on the corpus, each with its reason; they count in the table.
var knownFalsePositives = map[string]string{}

// runGitleaks runs `gitleaks dir` on the corpus and scores its findings.
func runGitleaks(t *testing.T, bin string, labels map[string]label) map[string]*score {
	t.Helper()
	return runGitleaksOn(t, bin, labeledDir, labels)
}

// runGitleaksOn runs `gitleaks dir` on corpus and scores its findings.
func runGitleaksOn(t *testing.T, bin, corpus string, labels map[string]label) map[string]*score {
	t.Helper()
	dir, err := filepath.Abs(corpus)
	if err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(t.TempDir(), "gitleaks.json")
	cmd := exec.Command(bin, "dir", "--no-banner", "--redact", "--exit-code", "0", "--report-format", "json", "--report-path", report, "--log-level", "error", dir)
	cmd.Dir = t.TempDir() // no .gitleaksignore from the working directory
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gitleaks: %v\n%s", err, out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var fs []struct {
		File      string
		StartLine int
	}
	if err := json.Unmarshal(data, &fs); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f.File)
		locs = append(locs, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), f.StartLine))
	}
	return evaluate(labels, locs)
}

// scoreTable renders precision and recall per family, secretlint against
// gitleaks (n/a when gl is nil), with a total row.
func scoreTable(fams []string, us, gl map[string]*score) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n| family | secrets | secretlint P | secretlint R | gitleaks P | gitleaks R |\n|---|---:|---:|---:|---:|---:|\n")
	var tu, tg score
	for _, fam := range fams {
		s := us[fam]
		if s == nil {
			s = &score{}
		}
		tu.tp, tu.fp, tu.fn = tu.tp+s.tp, tu.fp+s.fp, tu.fn+s.fn
		g := "n/a | n/a"
		if gs := gl[fam]; gs != nil {
			tg.tp, tg.fp, tg.fn = tg.tp+gs.tp, tg.fp+gs.fp, tg.fn+gs.fn
			g = fmt.Sprintf("%.2f (%d FP) | %.2f (%d/%d)", gs.precision(), gs.fp, gs.recall(), gs.tp, gs.tp+gs.fn)
		} else if gl != nil {
			g = "1.00 (0 FP) | n/a"
		}
		fmt.Fprintf(&b, "| %s | %d | %.2f (%d FP) | %.2f (%d/%d) | %s |\n", fam, s.tp+s.fn, s.precision(), s.fp, s.recall(), s.tp, s.tp+s.fn, g)
	}
	g := "n/a | n/a"
	if gl != nil {
		g = fmt.Sprintf("%.2f (%d FP) | %.2f (%d/%d)", tg.precision(), tg.fp, tg.recall(), tg.tp, tg.tp+tg.fn)
	}
	fmt.Fprintf(&b, "| **all** | %d | %.2f (%d FP) | %.2f (%d/%d) | %s |\n", tu.tp+tu.fn, tu.precision(), tu.fp, tu.recall(), tu.tp, tu.tp+tu.fn, g)
	return b.String()
}
