package rules

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// keyedTemplate is the fast path for gitleaks' most common rule shape,
//
//	(?i)[\w.-]{0,50}?(?:keyword…)<assignment><secret><terminator>
//
// used by generic-api-key and about a hundred provider rules. Go's regexp
// has to try that lazy prefix at every byte of its input, which makes it
// the single largest cost of a scan. But the text after the prefix can only
// start at a keyword occurrence, which the keyword automaton has already
// found: so the detector runs the rest of the regex (the core) anchored at
// each keyword hit, and reconstructs where the prefix would have started by
// walking back over the prefix class. The result is the same match, with the
// same groups, as a left-to-right search over the whole content; the
// differential test against gitleaks checks it.
type keyedTemplate struct {
	class     []rune // rune ranges of the prefix class (already case-folded)
	maxPrefix int    // the prefix's maximum repetition, in runes
	core      *regexp.Regexp
}

// planTemplate recognises the shape; keywords are lower case.
func planTemplate(expr string, keywords []string) *keyedTemplate {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || hasBeginText(re) {
		return nil
	}
	pre := re.Sub[0]
	if pre.Op != syntax.OpRepeat || pre.Min != 0 || pre.Max < 0 || pre.Flags&syntax.NonGreedy == 0 ||
		pre.Sub[0].Op != syntax.OpCharClass {
		return nil
	}
	rest := re.Sub[1:]
	switch rest[0].Op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil
	}
	if hasCapture(pre) {
		return nil
	}
	// Every match of the core must begin with a keyword, so that the core
	// can only match where the keyword automaton reported a hit.
	set := prefixSet(rest)
	if len(set) == 0 {
		return nil
	}
	for _, s := range set {
		ok := false
		for _, k := range keywords {
			if strings.HasPrefix(s, k) {
				ok = true
				break
			}
		}
		if !ok {
			return nil
		}
	}
	coreExpr := (&syntax.Regexp{Op: syntax.OpConcat, Sub: rest, Flags: re.Flags}).String()
	core, err := regexp.Compile(`^(?:` + coreExpr + `)`)
	if err != nil || core.NumSubexp() != countCaptures(re) {
		return nil
	}
	return &keyedTemplate{class: pre.Sub[0].Rune, maxPrefix: pre.Max, core: core}
}

func hasCapture(re *syntax.Regexp) bool { return countCaptures(re) > 0 }

func countCaptures(re *syntax.Regexp) int {
	n := 0
	if re.Op == syntax.OpCapture {
		n++
	}
	for _, s := range re.Sub {
		n += countCaptures(s)
	}
	return n
}

func (t *keyedTemplate) inClass(r rune) bool {
	for i := 0; i+1 < len(t.class); i += 2 {
		if t.class[i] <= r && r <= t.class[i+1] {
			return true
		}
	}
	return false
}

// prefixStart returns where the lazy prefix begins for a core match at h,
// when the search resumed at pos: the leftmost position from which h is
// reachable through at most maxPrefix runes of the class.
func (t *keyedTemplate) prefixStart(content string, pos, h int) int {
	p := h
	for n := 0; n < t.maxPrefix && p > pos; n++ {
		r, size := utf8.DecodeLastRuneInString(content[pos:p])
		if r == utf8.RuneError && size <= 1 || !t.inClass(r) {
			break
		}
		p -= size
	}
	return p
}

// find returns the submatch indices (absolute) of the rule's matches, given
// the rule's keyword hits (ascending) and the end of the window each needs.
func (t *keyedTemplate) find(content string, hits []int, windowEnd func(h int) int) [][]int {
	var out [][]int
	pos := 0
	last := -1
	for _, h := range hits {
		if h == last || h < pos {
			continue
		}
		last = h
		loc := t.core.FindStringSubmatchIndex(content[h:windowEnd(h)])
		if loc == nil {
			continue
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += h
			}
		}
		loc[0] = t.prefixStart(content, pos, h)
		out = append(out, loc)
		pos = loc[1]
		if loc[1] == loc[0] {
			pos++
		}
	}
	return out
}
