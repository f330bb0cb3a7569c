package scan_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// TestBlind3Corpus scans the third blind corpus (testdata/blind3, written
// by a helper who had not read the rules, around the classes of issue 13:
// environment fallbacks, literals passed to helpers, short names, Helm
// templates, YAML block scalars embedding other formats, command lines,
// dbt aliases, test support code, help text, dotted names and all-caps
// placeholders; labeled in testdata/blind3.labels.tsv as path, line,
// secret or not-secret, note). The first measurement, before any tuning
// on it, was recall 0.777 (87/112) and precision 0.879 (12 false
// positives). bench/blind3.sh also runs go vet -vettool on its Go module.
// Findings of dbt-env-var-not-secret are advice about a reference, not a
// claim that a value is secret, and are left out (bench/blind3.sh prints
// both counts).
func TestBlind3Corpus(t *testing.T) {
	scoreBlindCorpus(t, "blind3", blind3Recall, blind3Precision)
}

// TestBlind4Corpus scans the fourth blind corpus (testdata/blind4, see
// testdata/blind4.README.md: a Go module, Kubernetes, kustomize, Helm,
// compose, CI, Ansible, dbt, Spring, CloudFormation, Rails, Terraform,
// shell and more; 141 secrets and 267 look-alikes), written by a helper
// who read no rules or tests. The first measurement, before any tuning on
// it, was recall 0.936 (132/141) and precision 0.936 (9 false positives).
// bench/blind4.sh also runs go vet -vettool on its Go module.
func TestBlind4Corpus(t *testing.T) {
	scoreBlindCorpus(t, "blind4", blind4Recall, blind4Precision)
}

// TestBlind5Corpus scans the fifth blind corpus (testdata/blind5, see
// testdata/blind5.README.md: a clinic booking platform, 137 secrets and
// 295 look-alikes in a Go module, Kubernetes, Helm, compose, CI, Ansible,
// dbt, Spring, CloudFormation and other text), written by a helper who
// read no rules or tests. The first measurement, before any tuning on it
// (main at b44bdca), was recall 0.927 (127/137) and precision 0.914 (12
// false positives); go vet on its Go module 0.859 / 0.932.
// bench/blind5.sh also runs go vet -vettool on its Go module.
func TestBlind5Corpus(t *testing.T) {
	scoreBlindCorpus(t, "blind5", blind5Recall, blind5Precision)
}

// TestBlind6Corpus scans the sixth blind corpus (testdata/blind6, see
// testdata/blind6.README.md: a smart-home backend, 131 secrets and 307
// look-alikes in a Go module, Kubernetes, Helm, compose, CI, Ansible, dbt,
// serverless, OpenAPI, SQL, PHP, nginx and other text), written by a
// helper who read no rules or tests while this session's changes were
// made. Its first measurement, with them all (main at 906c2ea), was recall
// 0.870 (114/131) and precision 0.934 (8 false positives); go vet on its Go
// module 0.895 / 0.962. Main as the session began (b44bdca) scored 0.824 /
// 0.893, go vet 0.807 / 0.939. bench/blind6.sh also runs go vet.
func TestBlind6Corpus(t *testing.T) {
	scoreBlindCorpus(t, "blind6", blind6Recall, blind6Precision)
}

// TestBlind7Corpus scans the seventh blind corpus (testdata/blind7, see
// testdata/blind7.README.md: a freight platform, 154 secrets and 321
// look-alikes in a Go module, Kubernetes, Helm, compose, CI, Ansible, dbt,
// Terraform, CloudFormation, Spring, Rails, Python, TypeScript, PHP, Java,
// SQL, nginx, Apache and other text), written by a helper who read no
// rules or tests, after the speed work of session 20. Its first
// measurement (main at 7cc219e) was recall 0.844 (130/154) and precision
// 0.915 (12 false positives); go vet on its Go module 0.763 / 0.957.
// bench/blind7.sh also runs go vet.
func TestBlind7Corpus(t *testing.T) {
	scoreBlindCorpus(t, "blind7", blind7Recall, blind7Precision)
}

// scoreBlindCorpus scans testdata/NAME against testdata/NAME.labels.tsv
// and fails below the bars. A finding counts for the labeled line it
// starts on; findings on not-secret or unlabeled lines are false
// positives.
func scoreBlindCorpus(t *testing.T, name string, wantRecall, wantPrecision float64) {
	t.Helper()
	dir := "../testdata/" + name
	labels := readBlind3Labels(t, "../testdata/"+name+".labels.tsv")
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	fp := 0
	for _, f := range res.Findings {
		if f.RuleID == "dbt-env-var-not-secret" {
			// Advice about a reference (rename the variable so dbt
			// scrubs it), not a claim that a value is a secret: the
			// labeled corpus calls such lines advisory.
			continue
		}
		rel, _ := filepath.Rel(dir, f.File)
		loc := fmt.Sprintf("%s:%d", filepath.ToSlash(rel), f.Line)
		if found[loc] {
			continue
		}
		found[loc] = true
		if labels[loc] != "secret" {
			fp++
			t.Logf("false positive: %s %s (%s)", loc, f.RuleID, f.Message)
		}
	}
	secrets, hits, missed := labeledRecall(labels, found)
	recall := float64(hits) / float64(secrets)
	precision := float64(hits) / float64(hits+fp)
	t.Logf("%s corpus, scan: recall %.3f (%d/%d), precision %.3f (%d FP); missed %v", name, recall, hits, secrets, precision, fp, missed)
	if recall < wantRecall || precision < wantPrecision {
		t.Errorf("recall %.3f, precision %.3f; want at least %.2f and %.2f", recall, precision, wantRecall, wantPrecision)
	}
}

// The bars of TestBlind3Corpus. After tuning, scan finds all 112
// secrets: the staging password passed to a helper in an e2e test is in a
// test against a live system (rules.LiveTest), where the sink rules are
// not quiet. The AWS key pair in a testutil package is a provider format
// (rules/awskeys.go), and the literal passed to another package's
// function is followed by the module's syntax summaries
// (goscan/crosspkg.go).
const blind3Recall, blind3Precision = 0.98, 0.98

// The bars of TestBlind4Corpus, issue 13's. After tuning on its general
// classes (flag defaults, comparisons with a credential, env fallbacks in
// other languages, Helm actions YAML reads as flow mappings, decoded
// Secret URLs, positions in block scalars, publishable keys, password
// hashes, fixtures marked as such, live tests, AWS session tokens, a
// package's own other files), scan finds all 141 secrets; the one false
// positive is a PEM key in test support, which the policy reports at low
// severity with the test-file tag.
const blind4Recall, blind4Precision = 0.98, 0.98

// The bars of TestBlind5Corpus, issue 13's. After the general classes it
// showed (live tests, directories a build excludes, login maps, user/pass
// pairs, local development defaults, webhook URLs and signing secrets,
// pgbouncer and redis.conf credentials, code blocks in Markdown), scan
// finds all 137 secrets; the one false positive is a PEM key in test
// support, reported at low severity with the test-file tag by design.
const blind5Recall, blind5Precision = 0.98, 0.98

// The bars of TestBlind6Corpus, issue 13's. After the general classes it
// showed (decoded keys at encryption and signing APIs, broker and
// directory logins, SQL/PHP/nginx statements, FCM, LaunchDarkly, Honeycomb
// and header credentials, prose pairs in docs, public-by-design keys),
// scan finds all 131 secrets; of the two false positives, one is a PEM key
// in test support (low severity by design) and one a documented factory
// password the corpus marks as contested.
const blind6Recall, blind6Precision = 0.98, 0.98

// The bars of TestBlind7Corpus, issue 13's. After the general classes it
// showed (word passphrases, name/value objects, OTLP header lists, server
// directives that set variables, typed declarations, ERB fallbacks, key
// files by name, vendor test keys, jasypt ciphertext, Firebase web
// configs; in Go: collections and functions named after the keys they
// hold, decoder wrappers, SCRAM sinks, AppRole secret_id, credentials to
// remote hosts in tests, stand-in values, sibling user defaults), scan
// misses 3 of 154 (a Java URL query key, a Python helper's argument, a
// hex key in a test the corpus calls captured) and reports 2 look-alikes
// (a Twilio key SID and a Confluent key id, both identifiers).
const blind7Recall, blind7Precision = 0.98, 0.98

func readBlind3Labels(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	labels := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) < 3 {
			continue
		}
		if _, err := strconv.Atoi(parts[1]); err != nil || parts[2] != "secret" && parts[2] != "not-secret" {
			t.Fatalf("bad label line %q", sc.Text())
		}
		labels[parts[0]+":"+parts[1]] = parts[2]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return labels
}
