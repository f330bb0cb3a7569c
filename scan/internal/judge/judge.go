// Package judge decides on one name/value pair the way every scanner of
// package scan does: a literal under a secret name, credentials inside a
// URL or connection string, a secret default of a variable reference. It
// wraps the rule decisions of package rules so that YAML, dbt, Go and
// plain text judge a value the same way.
package judge

import (
	"strings"
	"sync"

	"github.com/secretlint-go/secretlint/rules"
)

// Judge holds the configuration the decisions depend on.
type Judge struct {
	Names *rules.Names
	// Frags finds the fragments every secret name contains
	// (Names.Fragments): a name without one is not tried.
	Frags   *rules.KeywordSet
	enabled func(string) bool
}

var fragSets sync.Map // *rules.Names -> *rules.KeywordSet

// Fragments returns the (cached) fragment set of a name matcher.
func Fragments(names *rules.Names) *rules.KeywordSet {
	if k, ok := fragSets.Load(names); ok {
		return k.(*rules.KeywordSet)
	}
	k, _ := fragSets.LoadOrStore(names, rules.NewKeywordSet(names.Fragments()))
	return k.(*rules.KeywordSet)
}

// New returns a judge for cfg (nil means the defaults).
func New(cfg *rules.Config) *Judge {
	if cfg == nil {
		return &Judge{Names: rules.DefaultNames, Frags: Fragments(rules.DefaultNames), enabled: func(string) bool { return true }}
	}
	names := cfg.Names
	if names == nil {
		names = rules.DefaultNames
	}
	return &Judge{Names: names, Frags: Fragments(names), enabled: cfg.RuleEnabled}
}

// Enabled reports whether the configuration runs rule id.
func (j *Judge) Enabled(id string) bool { return j.enabled(id) }

// Decision is a positive verdict with the rule it is for.
type Decision struct {
	RuleID string
	rules.Verdict
	// Term is the secret term of the name, when the name decided.
	Term string
}

// SecretName reports whether name names a secret.
func (j *Judge) SecretName(name string) bool {
	if !j.Frags.Contains(name) {
		return false
	}
	_, ok := j.Names.Match(name)
	return ok
}

// Assignment judges value written under name (a key, an identifier, an
// environment variable): hardcoded-credential when the name is a secret
// name and the value a literal, url-credentials when the value carries a
// password inside a URL or connection string, aws-secret-access-key when
// the name and the value are an AWS secret access key's (a provider format,
// reported in test code too), env-default-secret when it is
// a reference with a literal secret default. The first enabled rule that
// matches decides.
func (j *Judge) Assignment(name, value string) (Decision, bool) {
	c := rules.Candidate{Name: name, Value: value}
	if len(value) == 40 && name != "" && j.enabled(rules.AWSSecretKeyRuleID) {
		if v := rules.CheckAWSSecretKey(c); v.Match {
			return Decision{RuleID: rules.AWSSecretKeyRuleID, Verdict: v}, true
		}
	}
	if len(value) >= 120 && j.enabled(rules.AWSSessionTokenRuleID) {
		if v := rules.CheckAWSSessionToken(c); v.Match {
			return Decision{RuleID: rules.AWSSessionTokenRuleID, Verdict: v}, true
		}
	}
	if name != "" && j.enabled("hardcoded-credential") && j.Frags.Contains(name) {
		if term, ok := j.Names.Match(name); ok {
			if v := rules.CheckAssignment(j.Names, c); v.Match {
				return Decision{RuleID: "hardcoded-credential", Verdict: v, Term: term}, true
			}
		}
	}
	if name != "" && j.enabled("hardcoded-credential") && rules.HeaderListName(name) {
		// OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=…,api-key=…
		if v := rules.CheckHeaderList(j.Names, c); v.Match {
			return Decision{RuleID: "hardcoded-credential", Verdict: v, Term: v.Reason}, true
		}
	}
	if j.enabled("url-credentials") {
		if v := rules.CheckURLCredentials(c); v.Match {
			return Decision{RuleID: "url-credentials", Verdict: v}, true
		}
	}
	if j.enabled("cli-password") && rules.MayHoldCLIPassword(value) {
		if v := rules.CheckCLIPassword(c); v.Match {
			return Decision{RuleID: "cli-password", Verdict: v}, true
		}
	}
	// Only ${VAR…}, {{ env_var(…) }} and Go template actions carry
	// defaults.
	// The rule needs the key or the variable (a part of value) to name a
	// secret, and every secret name holds a fragment.
	if j.enabled("env-default-secret") && (strings.Contains(value, "${") || strings.Contains(value, "env_var") || strings.Contains(value, "{{")) &&
		(j.Frags.Contains(name) || j.Frags.Contains(value)) {
		if v := rules.CheckEnvDefault(j.Names, c); v.Match {
			return Decision{RuleID: "env-default-secret", Verdict: v}, true
		}
	}
	return Decision{}, false
}

// Span returns the byte span of the secret inside value for a decision:
// the verdict's span, or the whole value.
func (d Decision) Span(value string) (start, end int) {
	if d.End > d.Start && d.End <= len(value) {
		return d.Start, d.End
	}
	return 0, len(value)
}

// Message returns the finding message for a decision on the value of the
// named thing (what is "key", "variable", "field", "identifier" …). It
// names the place, never the value.
func (d Decision) Message(what, name string) string {
	subject := what
	if name != "" {
		subject = what + " " + quote(name)
	}
	switch d.RuleID {
	case "hardcoded-credential":
		return subject + " holds a literal credential"
	case "url-credentials":
		kind := "a URL"
		switch d.Reason {
		case "mysql-dsn", "keyvalue":
			kind = "a connection string"
		}
		return subject + " holds " + kind + " with a literal password"
	case "env-default-secret":
		return subject + " hardcodes a secret as the default of a variable reference"
	case "cli-password":
		return "command line passes a literal password (visible in ps and shell history)"
	}
	return subject + " holds a secret"
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c == 0x7f:
			b = append(b, '?')
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}

// NameMemo remembers the name matcher's answers for one file, where the
// same keys recur on many lines. It is not safe for concurrent use.
type NameMemo struct {
	names *rules.Names
	m     map[string]bool
}

// NewNameMemo returns an empty memo for names.
func NewNameMemo(names *rules.Names) *NameMemo {
	return &NameMemo{names: names}
}

// MatchJoined is Match(a + " " + b), without building the string when
// the answer is remembered.
func (m *NameMemo) MatchJoined(a, b string) bool {
	var buf [128]byte
	if len(a)+1+len(b) > len(buf) {
		return m.Match(a + " " + b)
	}
	k := append(append(append(buf[:0], a...), ' '), b...)
	if v, ok := m.m[string(k)]; ok {
		return v
	}
	return m.Match(string(k))
}

// Match reports whether name names a secret.
func (m *NameMemo) Match(name string) bool {
	if v, ok := m.m[name]; ok {
		return v
	}
	_, ok := m.names.Match(name)
	if m.m == nil {
		m.m = map[string]bool{}
	}
	if len(m.m) < 1<<15 {
		m.m[strings.Clone(name)] = ok
	}
	return ok
}
