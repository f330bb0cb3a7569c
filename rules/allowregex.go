package rules

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zricethezav/gitleaks/v8/config"
)

// gitleaks matches an allowlist's regexes as one expression, their
// alternation (config.Allowlist.RegexAllowed after Validate). Go runs a
// large alternation on its slowest engine; each alternative alone is
// small and mostly anchored on a literal, and fails at once. allowedByRegex
// answers as RegexAllowed does, alternative by alternative: a text
// matches an alternation exactly when it matches one of its branches.
//
// The branches are those of the joined expression as parsed, printed
// with their flags: a flag set inside one regex ((?i)^true|false|null$)
// reaches the regexes after it in the joined expression, and does here.

// splitAfter is how many times an allowlist is asked through gitleaks'
// own RegexAllowed before its branches are compiled: splitting costs a
// compilation of every branch (up to milliseconds for a large allowlist),
// which a scan of a few files (a pre-commit hook) never earns back.
const splitAfter = 256

// allowEntry is an allowlist's use count and, once split, its branches.
type allowEntry struct {
	calls atomic.Int64
	once  sync.Once
	parts []*regexp.Regexp
}

// allowedByRegex is a.RegexAllowed(s) for a validated allowlist.
func (d *Detector) allowedByRegex(a *config.Allowlist, s string) bool {
	if a == nil || s == "" || len(a.Regexes) == 0 {
		return false
	}
	v, ok := d.allowRegex.Load(a)
	if !ok {
		v, _ = d.allowRegex.LoadOrStore(a, &allowEntry{})
	}
	e := v.(*allowEntry)
	if e.calls.Add(1) <= splitAfter {
		return a.RegexAllowed(s)
	}
	e.once.Do(func() { e.parts = splitAllowRegexes(a) })
	for _, re := range e.parts {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// splitAllowRegexes returns the branches of the alternation gitleaks
// joins an allowlist's regexes into, or the whole alternation when it
// does not parse into branches.
func splitAllowRegexes(a *config.Allowlist) []*regexp.Regexp {
	var sb strings.Builder // as gitleaks' joinRegexOr
	sb.WriteString("(?:")
	for i, p := range a.Regexes {
		if i > 0 {
			sb.WriteString("|")
		}
		sb.WriteString(p.String())
	}
	sb.WriteString(")")
	joined := sb.String()
	whole := []*regexp.Regexp{regexp.MustCompile(joined)} // gitleaks compiled it already
	t, err := syntax.Parse(joined, syntax.Perl)
	if err != nil || t.Op != syntax.OpAlternate {
		return whole
	}
	parts := make([]*regexp.Regexp, 0, len(t.Sub))
	for _, sub := range t.Sub {
		re, err := regexp.Compile(sub.String())
		if err != nil {
			return whole
		}
		parts = append(parts, re)
	}
	return parts
}
