package scan_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// TestBlindGoCorpus scans a Go module written blind (108 secrets, 203
// look-alikes, labeled line by line) at syntax level. scan misses a
// constant that reaches a sink only in another package (it is reported at
// that use, a line labeled "any", as go vet reports it: the definition's
// package cannot know) and a passphrase of plain words; the bar is no
// false positive and a recall of at least 0.98 (106/108). bench/blind.sh also
// runs go vet -vettool on it, which needs the module's dependencies.
func TestBlindGoCorpus(t *testing.T) {
	const dir = "../testdata/blindgo"
	f, err := os.Open("../testdata/blindgo.manifest.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	labels := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		parts := strings.Split(sc.Text(), "\t")
		if _, err := strconv.Atoi(parts[1]); len(parts) != 3 || err != nil {
			t.Fatalf("bad manifest line %q", sc.Text())
		}
		labels[parts[0]+":"+parts[1]] = parts[2]
	}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, f := range res.Findings {
		loc := fmt.Sprintf("%s:%d", strings.TrimPrefix(f.File, dir+"/"), f.Line)
		found[loc] = true
		if l := labels[loc]; l != "secret" && l != "any" {
			t.Errorf("false positive: %s %s (%s)", loc, f.RuleID, f.Message)
		}
	}
	secrets, hits, missed := labeledRecall(labels, found)
	recall := float64(hits) / float64(secrets)
	t.Logf("blind Go corpus, scan: recall %.3f (%d/%d); missed %v", recall, hits, secrets, missed)
	if recall < 0.98 {
		t.Errorf("recall %.3f, want at least 0.98", recall)
	}
}

// labeledRecall counts the places labeled "secret" and those of them
// found, and lists the missed ones, sorted.
func labeledRecall(labels map[string]string, found map[string]bool) (secrets, hits int, missed []string) {
	for loc, l := range labels {
		if l != "secret" {
			continue
		}
		secrets++
		if found[loc] {
			hits++
		} else {
			missed = append(missed, loc)
		}
	}
	slices.Sort(missed)
	return secrets, hits, missed
}
