package rules

import (
	"regexp"
	"strings"
	"testing"
)

var reRuleID = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// TestBuiltinRules validates every own rule's metadata and samples, the way
// gitleaks validates its rules at generation time, but in go test.
func TestBuiltinRules(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Builtin() {
		t.Run(r.ID, func(t *testing.T) {
			if !reRuleID.MatchString(r.ID) {
				t.Errorf("id %q is not kebab-case", r.ID)
			}
			if seen[r.ID] {
				t.Errorf("duplicate id")
			}
			seen[r.ID] = true
			if r.Title == "" || r.Title != strings.ToLower(r.Title) || strings.HasSuffix(r.Title, ".") {
				t.Errorf("title %q must be lowercase without a final period", r.Title)
			}
			if r.Description == "" || r.Severity == 0 || r.Source != "secretlint" || r.Scope == "" {
				t.Errorf("incomplete metadata: %+v", r)
			}
			if !strings.Contains(r.Help, "Fix:") || !strings.Contains(r.Help, "secretlint:ignore "+r.ID) {
				t.Errorf("help must say how to fix and how to suppress")
			}
			if r.Check == nil {
				if len(r.TruePositives)+len(r.FalsePositives) > 0 {
					t.Errorf("samples without a Check")
				}
				return
			}
			if len(r.TruePositives) == 0 || len(r.FalsePositives) == 0 {
				t.Errorf("a rule with a Check needs true- and false-positive samples")
			}
			for _, s := range r.TruePositives {
				v := r.Check(Candidate{Name: s.Name, Value: s.Value})
				if !v.Match {
					t.Errorf("true positive %q=%q not matched: %s", s.Name, s.Value, v.Reason)
				}
				if v.End > 0 && (v.Start < 0 || v.End > len(s.Value) || v.Start >= v.End) {
					t.Errorf("true positive %q: bad span [%d,%d)", s.Name, v.Start, v.End)
				}
			}
			for _, s := range r.FalsePositives {
				if s.Why == "" {
					t.Errorf("false positive %q=%q has no Why", s.Name, s.Value)
				}
				if v := r.Check(Candidate{Name: s.Name, Value: s.Value}); v.Match {
					t.Errorf("false positive %q=%q (%s) matched", s.Name, s.Value, s.Why)
				}
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	all := All()
	if len(all) < 222+len(Builtin()) {
		t.Fatalf("All() has %d rules, want at least %d", len(all), 222+len(Builtin()))
	}
	for _, id := range []string{"generic-api-key", "aws-access-token", "private-key", "hardcoded-credential", "dbt-hardcoded-secret"} {
		r, ok := Lookup(id)
		if !ok || r.Help == "" || r.Description == "" {
			t.Errorf("Lookup(%q) = %v, %v", id, r, ok)
		}
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Fatalf("All() not sorted at %s", all[i].ID)
		}
	}
}

func TestProviderRuleHelp(t *testing.T) {
	custom := ProviderRule("acme-token", "ACME token")
	if custom.Source != "gitleaks-config" || strings.Contains(custom.Help, "default rule set") || !strings.Contains(custom.Help, ".gitleaks.toml") {
		t.Errorf("custom rule help/source wrong: %s / %s", custom.Source, custom.Help)
	}
	if def := ProviderRule("aws-access-token", ""); def.Source != "gitleaks" || !strings.Contains(def.Help, "default rule set") {
		t.Errorf("default rule lost its help")
	}
}
