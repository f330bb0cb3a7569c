package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
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

func TestCheckHeaderList(t *testing.T) {
	key := fakesecret.From(32, "0123456789abcdef")
	basic := fakesecret.Password(24)
	for _, tc := range []struct {
		name, value, want string
	}{
		{"OTEL_EXPORTER_OTLP_HEADERS", "x-api-token=" + key, key},
		{"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-honeycomb-dataset=dispatch,api-key=" + key, key},
		{"otlpHeaders", "Authorization=Basic%20" + basic, basic},
		{"OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-dataset=dispatch,x-scope-orgid=tenant1", ""},
		{"OTEL_EXPORTER_OTLP_HEADERS", "api-key=${OTLP_API_KEY}", ""},
	} {
		if !HeaderListName(tc.name) {
			t.Fatalf("HeaderListName(%q) = false", tc.name)
		}
		v := CheckHeaderList(DefaultNames, Candidate{Name: tc.name, Value: tc.value})
		got := ""
		if v.Match {
			got = tc.value[v.Start:v.End]
		}
		if got != tc.want {
			t.Errorf("CheckHeaderList(%s=%s) = %q, want %q", tc.name, tc.value, got, tc.want)
		}
	}
	for _, n := range []string{"EXTRA_HEADERS_FILE", "subheaders", "headerName"} {
		if HeaderListName(n) {
			t.Errorf("HeaderListName(%q) = true", n)
		}
	}
}
