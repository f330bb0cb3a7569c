package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Regex work is linear in the file size whatever the rules (issue 16, item
// 7): a repository .gitleaks.toml rule whose keyword occurs many times on
// one long line used to be re-run from every hit to the end of the line
// (156 KiB took 203 s), and many matches on one line re-ran the line
// allowlists for each (256 KiB of "token=ghp_…" took 53 s with the
// built-in rules).

// regexWork runs the detector on content and returns the bytes handed to
// the regex engine and the time taken.
func regexWork(t *testing.T, d *Detector, content string) (int64, time.Duration, []Match) {
	t.Helper()
	before := regexInput.Load()
	start := time.Now()
	ms := d.Detect("", content)
	return regexInput.Load() - before, time.Since(start), ms
}

// checkLinear asserts the regex input stays within the rules' budget for
// content (per rule that ran: here a handful): the budget, the window that
// overran it, and one search of the whole content.
func checkLinear(t *testing.T, name string, work int64, rules int, n int) {
	t.Helper()
	if limit := int64(rules) * int64(regexBudget(n)+2*n); work > limit {
		t.Errorf("%s: %d bytes of regex input for %d bytes of content, over the linear bound %d", name, work, n, limit)
	}
}

func TestRegexWorkBoundedAdversarialRule(t *testing.T) {
	for _, tc := range []struct {
		name, rule, line, last string
		size                   int
	}{
		// Template path: every match starts with the keyword, and the core
		// runs to the end of the line from every hit.
		{"keyword-anchored", `
[[rules]]
id = "adversarial"
regex = '''tok_[a-z_ ]*end'''
keywords = ["tok_"]
`, "tok_ ", "end", 156 << 10},
		// Window path: a window of many lines around every hit.
		{"windows", `
[[rules]]
id = "adversarial-lines"
regex = '''(?:[a-z_ ]*\n){0,300}[a-z_ ]*tok_[a-z_ ]*end'''
keywords = ["tok_"]
`, "tok_\n", "tok_end", 32 << 10},
		// Start path: no window, the search from each start runs to the end.
		{"starts", `
[[rules]]
id = "adversarial-starts"
regex = '''(?s)tok_.*end'''
keywords = ["tok_"]
`, "tok_ ", "end", 156 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseGitleaksConfig([]byte(tc.rule), ".gitleaks.toml", nil)
			if err != nil {
				t.Fatal(err)
			}
			d := NewDetector(cfg)
			content := strings.Repeat(tc.line, tc.size/len(tc.line))
			work, took, ms := regexWork(t, d, content)
			checkLinear(t, tc.name, work, 1, len(content))
			if len(ms) != 0 {
				t.Errorf("%d matches, want none", len(ms))
			}
			if took > 20*time.Second {
				t.Errorf("%d KiB took %v", tc.size>>10, took)
			}
			// With the terminator at the end, the same text matches once,
			// as a search over the whole content finds it.
			_, _, ms = regexWork(t, d, content+tc.last)
			if len(ms) != 1 {
				t.Errorf("%d matches with the terminator, want 1", len(ms))
			}
		})
	}
}

func TestRegexWorkBoundedBuiltinRules(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	const size = 256 << 10
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "token=ghp_%036d ", i) // a GitHub token shape and generic-api-key, many per line
	}
	manyMatches := b.String()
	for _, tc := range []struct{ name, content string }{
		{"password= on one line", strings.Repeat("password=", size/9)},
		{"password= on short lines", strings.Repeat(strings.Repeat("password=", 100)+"\n", size/901)},
		{"many matches on one line", manyMatches},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work, took, _ := regexWork(t, d, tc.content)
			checkLinear(t, tc.name, work, 8, len(tc.content))
			if took > 20*time.Second {
				t.Errorf("%d KiB took %v", len(tc.content)>>10, took)
			}
		})
	}
}
