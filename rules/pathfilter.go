package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zricethezav/gitleaks/v8/config"
)

// pathFilter answers config.Allowlist.PathAllowed faster. gitleaks joins
// an allowlist's path patterns into one alternation and runs it on every
// path; on real trees that is tens of microseconds per file in Go's NFA.
// Every match of the joined expression contains one of a few literals
// (".png", "vendor/", "go.", …), derived here from its syntax tree; a path
// containing none of them cannot match, and only the others run the
// expression. The answer is always gitleaks' own (TestPathFilterAgrees).
type pathFilter struct {
	a    *config.Allowlist
	lits []string // lower case; nil means no prefilter
	// set finds any of lits in one pass, ignoring ASCII case.
	set *KeywordSet
	// alts are the alternatives of the joined expression, each compiled
	// on its own: a path that holds a literal of one alternative (v2, of
	// \.(?:…|v2|…)$, in every path of aws-sdk-go-v2) runs that one, not
	// the whole alternation. altWords maps a word of altSet to the
	// alternatives it belongs to; always lists those without literals.
	alts     []*regexp.Regexp
	altSet   *KeywordSet
	altWords [][]int
	always   []int
}

func newPathFilter(a *config.Allowlist) pathFilter {
	f := pathFilter{a: a}
	if len(a.Paths) == 0 {
		return f
	}
	// The expression gitleaks' Allowlist.Validate builds (joinRegexOr).
	var b strings.Builder
	b.WriteString("(?:")
	for i, p := range a.Paths {
		if i > 0 {
			b.WriteString("|")
		}
		b.WriteString(p.String())
	}
	b.WriteString(")")
	re, err := syntax.Parse(b.String(), syntax.Perl)
	if err != nil {
		return f
	}
	if lits, ok := requiredLiterals(re); ok && !slices.Contains(lits, "") {
		f.lits = lits
		f.set = NewKeywordSet(lits)
	}
	f.planAlternatives(re)
	return f
}

// planAlternatives splits the joined expression, as parsed (each node
// carries the flags in force there, so a (?i) of one pattern applies to
// the next as in gitleaks' alternation), into its alternatives.
func (f *pathFilter) planAlternatives(re *syntax.Regexp) {
	if re.Op != syntax.OpAlternate || len(re.Sub) > 64 {
		return
	}
	var words []string
	index := map[string]int{}
	var alts []*regexp.Regexp
	var altWords [][]int
	var always []int
	for i, sub := range re.Sub {
		alt, err := regexp.Compile(sub.String())
		if err != nil {
			return
		}
		alts = append(alts, alt)
		lits, ok := requiredLiterals(sub)
		if !ok || slices.Contains(lits, "") {
			always = append(always, i)
			continue
		}
		for _, l := range lits {
			w, ok := index[l]
			if !ok {
				w = len(words)
				index[l] = w
				words = append(words, l)
				altWords = append(altWords, nil)
			}
			if !slices.Contains(altWords[w], i) {
				altWords[w] = append(altWords[w], i)
			}
		}
	}
	f.alts, f.altSet, f.altWords, f.always = alts, NewKeywordSet(words), altWords, always
}

// allowed is a.PathAllowed(path).
func (f pathFilter) allowed(path string) bool {
	if path == "" || !isASCII(path) {
		return f.a.PathAllowed(path)
	}
	if f.lits != nil && !f.set.Contains(path) {
		return false
	}
	if f.alts == nil {
		return f.a.PathAllowed(path)
	}
	for _, i := range f.always {
		if f.alts[i].MatchString(path) {
			return true
		}
	}
	var tried uint64
	found := false
	f.altSet.Scan(path, func(w, _ int) bool {
		for _, i := range f.altWords[w] {
			if tried&(1<<i) != 0 {
				continue
			}
			tried |= 1 << i
			if f.alts[i].MatchString(path) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// maxLiterals bounds the prefilter set.
const maxLiterals = 128

// requiredLiterals returns lower-case strings such that every match of re
// contains one of them (compared in lower case); ok is false when no such
// set is known.
func requiredLiterals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, false
		}
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpCapture:
		return requiredLiterals(re.Sub[0])
	case syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpConcat:
		// The best of: each operand's required set, and the strings runs
		// of consecutive enumerable operands spell together (\.(?:png|gif)
		// gives .png and .gif rather than ".").
		var best []string
		bestLen := 0
		consider := func(lits []string) {
			if len(lits) == 0 {
				return
			}
			m := len(lits[0])
			for _, l := range lits {
				m = min(m, len(l))
			}
			if m > bestLen {
				best, bestLen = lits, m
			}
		}
		for _, sub := range re.Sub {
			if lits, ok := requiredLiterals(sub); ok {
				consider(lits)
			}
		}
		for i := 0; i < len(re.Sub); {
			run, j := exactRun(re.Sub, i)
			consider(run)
			if j == i {
				j++
			}
			i = j
		}
		return best, best != nil
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			lits, ok := requiredLiterals(s)
			if !ok {
				return nil, false
			}
			out = append(out, lits...)
			if len(out) > maxLiterals {
				return nil, false
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

func syntaxParse(expr string) (*syntax.Regexp, error) { return syntax.Parse(expr, syntax.Perl) }

// exactSet returns every string n can match, lower-cased, when there are
// few (zero-width assertions match "").
func exactSet(n *syntax.Regexp) ([]string, bool) {
	switch n.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(n.Rune))}, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(n.Rune); i += 2 {
			for r := n.Rune[i]; r <= n.Rune[i+1]; r++ {
				l := strings.ToLower(string(r))
				if !slicesContains(out, l) {
					out = append(out, l)
				}
				if len(out) > 8 {
					return nil, false
				}
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture:
		return exactSet(n.Sub[0])
	case syntax.OpQuest:
		s, ok := exactSet(n.Sub[0])
		if !ok {
			return nil, false
		}
		return append([]string{""}, s...), true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range n.Sub {
			s, ok := exactSet(sub)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
			if len(out) > maxLiterals {
				return nil, false
			}
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range n.Sub {
			s, ok := exactSet(sub)
			if !ok {
				return nil, false
			}
			if out, ok = cross(out, s); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// cross returns every a+b, or false when there would be too many.
func cross(as, bs []string) ([]string, bool) {
	if len(as)*len(bs) > maxLiterals {
		return nil, false
	}
	out := make([]string, 0, len(as)*len(bs))
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return out, true
}

func slicesContains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// exactRun spells the operands subs[i:j] together, for the longest run of
// operands with few spellings each (exactSet) starting at i.
func exactRun(subs []*syntax.Regexp, i int) (run []string, j int) {
	run = []string{""}
	for j = i; j < len(subs); j++ {
		set, ok := exactSet(subs[j])
		if !ok {
			break
		}
		next, ok := cross(run, set)
		if !ok {
			break
		}
		run = next
	}
	return run, j
}
