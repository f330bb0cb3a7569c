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
//
// The same holds, without a prefix, for provider rules whose every match
// starts with a keyword (\b(ghp_[0-9a-zA-Z]{36})\b, jwt's \b(ey…)): the
// core runs anchored at each hit, after checking a leading \b by hand.
type keyedTemplate struct {
	class     []rune // rune ranges of the prefix class (already case-folded); nil: no prefix
	maxPrefix int    // the prefix's maximum repetition, in runes
	core      *regexp.Regexp
	// wordBoundary: the regex starts with \b, checked at the hit.
	wordBoundary bool
	// maxCore is the most bytes a core match can span, or unbounded: a
	// bounded core never needs more input than that (plus one byte, so
	// that $ and \b at its end see what follows).
	maxCore int
	// lead checks a hit byte by byte before the core runs (leadFilter).
	lead *leadFilter
}

// planLead sets the template's lead filter when the core has one.
func (t *keyedTemplate) planLead(rest []*syntax.Regexp) *keyedTemplate {
	t.lead = planLeadFilter(rest)
	return t
}

// planTemplate recognises the shape; keywords are lower case.
func planTemplate(expr string, keywords []string) *keyedTemplate {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || hasBeginText(re) {
		return nil
	}
	if t := planAnchored(re, keywords); t != nil {
		return t
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
	if !everyHasKeywordPrefix(prefixSet(rest), keywords) {
		return nil
	}
	coreExpr := (&syntax.Regexp{Op: syntax.OpConcat, Sub: rest, Flags: re.Flags}).String()
	core, err := regexp.Compile(`^(?:` + coreExpr + `)`)
	if err != nil || core.NumSubexp() != countCaptures(re) {
		return nil
	}
	return (&keyedTemplate{class: pre.Sub[0].Rune, maxPrefix: pre.Max, core: core, maxCore: maxLenSeq(rest)}).planLead(rest)
}

// planAnchored recognises regexes whose every match starts with a keyword,
// optionally after a leading \b.
func planAnchored(re *syntax.Regexp, keywords []string) *keyedTemplate {
	rest := re.Sub
	wb := false
	if rest[0].Op == syntax.OpWordBoundary {
		wb, rest = true, rest[1:]
	}
	if len(rest) == 0 {
		return nil
	}
	switch rest[0].Op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpBeginText:
		return nil
	}
	if !everyHasKeywordPrefix(prefixSet(rest), keywords) {
		return nil
	}
	coreExpr := (&syntax.Regexp{Op: syntax.OpConcat, Sub: rest, Flags: re.Flags}).String()
	core, err := regexp.Compile(`^(?:` + coreExpr + `)`)
	if err != nil || core.NumSubexp() != countCaptures(re) {
		return nil
	}
	return (&keyedTemplate{core: core, wordBoundary: wb, maxCore: maxLenSeq(rest)}).planLead(rest)
}

func everyHasKeywordPrefix(set, keywords []string) bool {
	if len(set) == 0 {
		return false
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
			return false
		}
	}
	return true
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

func maxLenSeq(ns []*syntax.Regexp) int {
	t := 0
	for _, n := range ns {
		t = addBound(t, maxLen(n))
	}
	return t
}

// find returns the submatch indices (absolute) of the rule's matches, given
// the rule's keyword hits (ascending) and the end of the window each needs.
// It gives up (ok false) once the input handed to the core exceeds budget
// bytes: the caller then searches the whole content once.
func (t *keyedTemplate) find(content string, hits []int, windowEnd func(h int) int, budget int) (_ [][]int, ok bool) {
	var out [][]int
	pos := 0
	last := -1
	spent := 0
	defer func() { regexInput.Add(int64(spent)) }()
	for _, h := range hits {
		if h == last || h < pos {
			continue
		}
		last = h
		if t.wordBoundary && !wordBoundaryAt(content, h) {
			continue
		}
		end := windowEnd(h)
		if t.maxCore != unbounded {
			end = min(end, h+t.maxCore+1)
		}
		if t.lead != nil && !t.lead.check(content[h:end]) {
			continue
		}
		if spent += end - h; spent > budget {
			return nil, false
		}
		loc := t.core.FindStringSubmatchIndex(content[h:end])
		if loc == nil {
			continue
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += h
			}
		}
		if t.class != nil {
			loc[0] = t.prefixStart(content, pos, h)
		}
		out = append(out, loc)
		pos = loc[1]
		if loc[1] == loc[0] {
			pos++
		}
	}
	return out, true
}

// wordBoundaryAt reports whether \b holds at offset i of s, as Go's regexp
// decides it (ASCII word characters).
func wordBoundaryAt(s string, i int) bool {
	before := i > 0 && syntax.IsWordChar(rune(s[i-1]))
	after := i < len(s) && syntax.IsWordChar(rune(s[i]))
	return before != after
}
