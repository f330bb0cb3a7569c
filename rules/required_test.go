package rules

import (
	"slices"
	"testing"
)

func TestRuleLiterals(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{`(?i)\bkind:(?:.|\s){0,20}\bsecret\b(?:.|\s){0,20}(?:data|stringData):`, []string{"kind:", "secret"}},
		{`(?:abc|xabcx)def`, []string{"abc", "def"}},
		{`a?(?:foo)*bar`, []string{"bar"}},
		{`(?:one|two)`, nil},
	} {
		got := ruleLiterals(tc.expr)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("ruleLiterals(%q) = %q, want it to hold %q", tc.expr, got, w)
			}
		}
		if tc.want == nil && len(got) > 0 {
			t.Errorf("ruleLiterals(%q) = %q, want none", tc.expr, got)
		}
	}
}

// A literal that (?i) matches through a non-ASCII fold (the Kelvin sign
// for k) does not hide a match: the file is searched anyway.
func TestMayMatchFoldRunes(t *testing.T) {
	r := &detRule{needs: []*KeywordSet{NewKeywordSet([]string{"kind:"})}}
	for _, tc := range []struct {
		content string
		want    bool
	}{
		{"Kind: Secret", true},
		{"\u212aind: Secret", true},
		{"type: Opaque", false},
	} {
		if got := r.mayMatch(tc.content); got != tc.want {
			t.Errorf("mayMatch(%q) = %v, want %v", tc.content, got, tc.want)
		}
	}
}
