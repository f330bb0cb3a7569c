package rules

import (
	"slices"
	"strings"
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

func TestPrefixLiterals(t *testing.T) {
	lits, nl := prefixLiterals(`\bcurl\b(?:.*|.*(?:[\r\n]{1,2}.*){1,5})[ \t\n\r](?:-u|--user)(?:=|[ \t]{0,5})("[^"]{3,}")`)
	if !slices.Contains(lits, "-u") || nl != 11 {
		t.Errorf("prefixLiterals = %q, %d; want -u within 11 lines", lits, nl)
	}
	if lits, _ := prefixLiterals(`(?s).*secret`); len(lits) != 0 {
		t.Errorf("prefixLiterals of a regex starting with unbounded lines = %q, want none", lits)
	}
}

// A curl command whose -u comes on a later line of the same command is
// found; a curl with no -u near it does not run the rule over the file.
func TestCurlAuthUserNear(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	doc := "# docs\ncurl https://api.example.com/v1 \\\n  -H 'Accept: x' \\\n  -u 'deploy:Zq8vLm2RtY7'\n"
	found := false
	for _, m := range d.Detect("run.sh", doc) {
		found = found || m.RuleID == "curl-auth-user"
	}
	if !found {
		t.Errorf("curl-auth-user not found in %q", doc)
	}
	far := "curl https://example.com\n" + strings.Repeat("x\n", 20) + "  -u 'deploy:Zq8vLm2RtY7'\n"
	for _, m := range d.Detect("run.sh", far) {
		if m.RuleID == "curl-auth-user" {
			t.Errorf("curl-auth-user found 20 lines away from curl")
		}
	}
}

// The path literal prefilter agrees with the rules' path regexes.
func TestRulePathPrefilterAgrees(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"a.yaml", "dir/B.YML", "x.yml.bak", "main.tf", "vars.HCL", "NuGet.Config", "sub/nuget.config", "index.php",
		"a.go", "yaml", "ymlfile", "dir.yaml/file.go", "k.p12", "π.yaml", ".tf", "certs/Client.PFX", "a.p12.go", "p12"}
	n := 0
	for _, r := range d.rules {
		if r.rule.Path == nil || r.pathLits == nil { // path-only rules (pkcs12-file) too
			continue
		}
		n++
		for _, p := range paths {
			want := r.rule.Path.MatchString(p)
			got := (!isASCII(p) || r.pathLits.Contains(p)) && r.rule.Path.MatchString(p)
			if got != want || r.rule.Regex != nil && d.ruleAppliesToPath(r, p) && !want {
				t.Errorf("%s on %q: prefiltered %v, regex %v", r.rule.RuleID, p, got, want)
			}
		}
	}
	if n == 0 {
		t.Fatal("no rule with a path prefilter: kubernetes-secret-yaml should have one")
	}
}
