package rules

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/regexgen"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// diffCorpus builds documents that embed generated matches of every rule in
// varied syntax and surrounding noise.
func diffCorpus(t testing.TB, seed uint64, docs int) []string {
	t.Helper()
	cfg, err := DefaultGitleaksConfig()
	if err != nil {
		t.Fatal(err)
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range cfg.Rules {
			if r, ok := Lookup(id); ok && r.Source == "secretlint" {
				// Our own provider rules (webhooks.go) are left out of
				// the generators, so that the corpus of a seed stays
				// the documents it was; both detectors still run them.
				continue
			}
			if !yield(id) {
				return
			}
		}
	})
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var gens []*regexgen.Generator
	for _, id := range ids {
		rule := cfg.Rules[id]
		if rule.Regex == nil {
			continue
		}
		g, err := regexgen.New(rule.Regex.String())
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		gens = append(gens, g)
	}
	templates := []string{
		"%s", `key = "%s"`, "  token: %s", "export API_TOKEN=%s", `{"api_key": "%s", "n": 1}`,
		"\tclient.SetAuth(%q)", "password:\n    %s", "auth =\n  '%s'", "// secret: %s trailing words",
		"url: https://user:%s@example.com", "%s\n%s",
	}
	noise := []string{
		"for key, value := range m {", "func (c *Client) Token() string { return c.token }",
		"# the api and the auth layer", "apiVersion: v1", "kind: Secret", "data:", "  tls.key: ",
		"", "   ", "x := 1", "curl -H \"Authorization: Bearer $TOKEN\" https://example.com",
		"-----BEGIN CERTIFICATE-----", "password: ${DB_PASSWORD}", "a very long line " + strings.Repeat("words and key tokens ", 40),
	}
	var out []string
	for range docs {
		var b strings.Builder
		n := 5 + r.IntN(30)
		for range n {
			for range r.IntN(4) {
				b.WriteString(noise[r.IntN(len(noise))])
				b.WriteByte('\n')
			}
			g := gens[r.IntN(len(gens))]
			tmpl := templates[r.IntN(len(templates))]
			args := []any{g.Generate(r)}
			if strings.Count(tmpl, "%") == 2 {
				args = append(args, gens[r.IntN(len(gens))].Generate(r))
			}
			fmt.Fprintf(&b, tmpl, args...)
			if r.IntN(8) != 0 {
				b.WriteByte('\n')
			}
		}
		out = append(out, b.String())
	}
	return out
}

type diffKey struct{ rule, secret string }

func gitleaksFindings(d *detect.Detector, path, doc string) map[diffKey]int {
	got := map[diffKey]int{}
	for _, f := range d.DetectContext(context.Background(), detect.Fragment{Raw: doc, FilePath: path}) { //nolint:staticcheck // SA1019: DetectContext takes detect.Fragment until gitleaks v9
		got[diffKey{f.RuleID, f.Secret}]++
	}
	return got
}

func ourFindings(d *Detector, path, doc string) map[diffKey]int {
	got := map[diffKey]int{}
	for _, m := range d.Detect(path, doc) {
		if extraAWSMatch(m) {
			continue // AWS key pairs: ours on top of gitleaks' rules
		}
		got[diffKey{m.RuleID, m.Secret}]++
	}
	return got
}

// TestDetectorMatchesGitleaks is the differential test that keeps the
// windowed fast path honest: on generated documents holding matches of
// every default rule, our detector must report exactly what gitleaks'
// detect.Detector reports (rule and secret, with multiplicity).
func TestDetectorMatchesGitleaks(t *testing.T) {
	cfg, err := DefaultGitleaksConfig()
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	eager := NewDetector(cfg)
	theirs := detect.NewDetector(cfg)
	docs := 300
	if testing.Short() {
		docs = 60
	}
	paths := []string{"main.go", "deploy/values.yaml", "infra/main.tf", "nuget.config", "src/x.php", "README.md"}
	total := 0
	for i, doc := range diffCorpus(t, 1, docs) {
		path := paths[i%len(paths)]
		want := gitleaksFindings(theirs, path, doc)
		for _, n := range want {
			total += n
		}
		// The eager detector (any config) and the lazily built default
		// one must both agree with gitleaks.
		for name, ours := range map[string]*Detector{"eager": eager, "lazy": lazy} {
			got := ourFindings(ours, path, doc)
			for k, n := range want {
				if got[k] != n {
					t.Errorf("%s: doc %d (%s): rule %s secret %s: gitleaks %d, ours %d", name, i, path, k.rule, redactForTest(k.secret), n, got[k])
				}
			}
			for k, n := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s: doc %d (%s): rule %s secret %s: ours %d, gitleaks 0", name, i, path, k.rule, redactForTest(k.secret), n)
				}
			}
		}
	}
	if total < docs {
		t.Fatalf("corpus too weak: only %d gitleaks findings in %d documents", total, docs)
	}
	t.Logf("%d findings compared", total)
}

func redactForTest(s string) string {
	if len(s) > 6 {
		return s[:3] + "…" + fmt.Sprint(len(s))
	}
	return "…"
}

// FuzzDetectorMatchesGitleaks mutates generated documents and checks the
// fast path against gitleaks' detector on each.
func FuzzDetectorMatchesGitleaks(f *testing.F) {
	// Small seeds keep the (slow, stdlib-regexp) gitleaks side fast
	// enough for the fuzzer to explore.
	for i, doc := range diffCorpus(f, 7, 20) {
		lines := strings.SplitAfter(doc, "\n")
		for j := 0; j < len(lines); j += 4 {
			f.Add(strings.Join(lines[j:min(j+4, len(lines))], ""), uint8(i+j))
		}
	}
	f.Add("key = \"AKIAZ7QXPLN3RT5VW2YB\"\npassword:\n  ghp_4kR9xT2mQ8vN1pL7wZ3yH6bF0cJ5dS2aE9uK\n", uint8(1))
	cfg, err := DefaultGitleaksConfig()
	if err != nil {
		f.Fatal(err)
	}
	ours := NewDetector(cfg)
	theirs := detect.NewDetector(cfg)
	paths := []string{"main.go", "deploy/values.yaml", "infra/main.tf", "README.md"}
	f.Fuzz(func(t *testing.T, doc string, p uint8) {
		path := paths[int(p)%len(paths)]
		want := gitleaksFindings(theirs, path, doc)
		got := ourFindings(ours, path, doc)
		for k, n := range want {
			if got[k] != n {
				t.Errorf("rule %s secret %s: gitleaks %d, ours %d", k.rule, redactForTest(k.secret), n, got[k])
			}
		}
		for k, n := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("rule %s secret %s: ours %d, gitleaks 0", k.rule, redactForTest(k.secret), n)
			}
		}
	})
}
