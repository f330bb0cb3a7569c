package rules

import (
	"slices"
	"testing"

	"github.com/zricethezav/gitleaks/v8/config"
)

func allowlistKey(a *config.Allowlist) []string {
	var out []string
	out = append(out, a.Description, a.MatchCondition.String(), a.RegexTarget)
	for _, r := range a.Regexes {
		out = append(out, "re:"+r.String())
	}
	for _, p := range a.Paths {
		out = append(out, "path:"+p.String())
	}
	sw := slices.Clone(a.StopWords)
	slices.Sort(sw)
	out = append(out, sw...)
	cs := slices.Clone(a.Commits)
	slices.Sort(cs)
	return append(out, cs...)
}

// TestLazyDefaultMatchesTranslate checks that the lazily built default
// rule set is exactly what gitleaks' own Translate builds.
func TestLazyDefaultMatchesTranslate(t *testing.T) {
	want, err := DefaultGitleaksConfig()
	if err != nil {
		t.Fatal(err)
	}
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	got := d.Config()
	if len(got.Rules) != len(want.Rules) || len(got.Rules) != 222+6 {
		t.Fatalf("%d rules, want %d", len(got.Rules), len(want.Rules))
	}
	if !slices.Equal(slices.Sorted(mapKeys(got.Keywords)), slices.Sorted(mapKeys(want.Keywords))) {
		t.Errorf("keyword sets differ")
	}
	if len(got.Allowlists) != len(want.Allowlists) {
		t.Fatalf("%d global allowlists, want %d", len(got.Allowlists), len(want.Allowlists))
	}
	for i := range want.Allowlists {
		if !slices.Equal(allowlistKey(got.Allowlists[i]), allowlistKey(want.Allowlists[i])) {
			t.Errorf("global allowlist %d differs", i)
		}
	}
	for _, r := range d.rules {
		if err := r.init(); err != nil {
			t.Fatalf("%s: %v", r.rule.RuleID, err)
		}
		w := want.Rules[r.rule.RuleID]
		g := r.rule
		if g.Description != w.Description || g.Entropy != w.Entropy || g.SecretGroup != w.SecretGroup ||
			g.SkipReport != w.SkipReport || !slices.Equal(g.Keywords, w.Keywords) || !slices.Equal(g.Tags, w.Tags) {
			t.Errorf("%s: metadata differs", g.RuleID)
		}
		if (g.Regex == nil) != (w.Regex == nil) || g.Regex != nil && g.Regex.String() != w.Regex.String() {
			t.Errorf("%s: regex differs", g.RuleID)
		}
		if (g.Path == nil) != (w.Path == nil) || g.Path != nil && g.Path.String() != w.Path.String() {
			t.Errorf("%s: path differs", g.RuleID)
		}
		if len(g.Allowlists) != len(w.Allowlists) || len(w.RequiredRules) > 0 {
			t.Errorf("%s: %d allowlists, want %d", g.RuleID, len(g.Allowlists), len(w.Allowlists))
			continue
		}
		for i := range w.Allowlists {
			if !slices.Equal(allowlistKey(g.Allowlists[i]), allowlistKey(w.Allowlists[i])) {
				t.Errorf("%s: allowlist %d differs", g.RuleID, i)
			}
		}
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// BenchmarkDefaultDetectorStart is the per-process cost of the built-in
// rules before any text is scanned (what go vet pays per package).
func BenchmarkDefaultDetectorStart(b *testing.B) {
	for b.Loop() {
		set, err := parseLazy(builtinTOML)
		if err != nil {
			b.Fatal(err)
		}
		newLazyDetector(set.cfg, set.rules)
	}
}
