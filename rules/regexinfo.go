package rules

import (
	"regexp/syntax"
	"strings"
	"unicode"
)

// unbounded marks a length or line count without an upper bound.
const unbounded = -1

// windowPlan says how much text around a keyword hit a rule's regex can
// possibly match, derived from the regex syntax tree. It is what makes the
// fast path exact: every match of the rule contains one of its keywords
// (the cover), so every match lies inside the window built around some hit.
type windowPlan struct {
	// safe is false when no window is provably enough; the rule then runs
	// over the whole content, as gitleaks runs it.
	safe bool
	// linesBefore is how many newlines a match can contain before the
	// keyword; the window starts that many lines above the hit line.
	linesBefore int
	// reachAfter is the largest distance in bytes from the keyword start to
	// a newline inside the match that is followed by more of the match; the
	// window ends at the end of the line holding hit+reachAfter.
	reachAfter int
	// linesAfter bounds the window in lines when reachAfter is unbounded;
	// unbounded means the window runs to the end of the content (a PEM
	// block after its BEGIN line).
	linesAfter int
}

// planWindow analyses re against the rule's (lower-case) keywords.
func planWindow(expr string, keywords []string) windowPlan {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || len(keywords) == 0 {
		return windowPlan{}
	}
	if hasBeginText(re) {
		// ^ or \A would match at a window start but not mid-content.
		return windowPlan{}
	}
	p, ok := planNode(re, keywords)
	if !ok || p.linesBefore == unbounded {
		return windowPlan{}
	}
	return p
}

// planNode finds, on the path every match takes, a run of nodes whose
// matched text must contain a keyword, and returns the window needed around
// it.
func planNode(re *syntax.Regexp, keywords []string) (windowPlan, bool) {
	nodes := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		nodes = re.Sub
	}
	// A suffix of the concatenation whose every match starts with text that
	// contains a keyword: positions after it are measured from the start of
	// the suffix, which is at or before the keyword.
	for i := range nodes {
		set := prefixSet(nodes[i:])
		if !everyContainsKeyword(set, keywords) {
			continue
		}
		p := windowPlan{safe: true}
		p.linesBefore = addBound(sumNL(nodes[:i]), maxNewlines(set))
		p.linesAfter = sumNL(nodes[i:])
		return extendAfterFrom(p, 0, nodes[i:]), true
	}
	// Otherwise a single node that contains the keyword in every match
	// (a capture group, a repetition with at least one pass, an
	// alternation whose every branch is covered).
	for i, n := range nodes {
		var sub windowPlan
		ok := false
		switch n.Op {
		case syntax.OpCapture:
			sub, ok = planNode(n.Sub[0], keywords)
		case syntax.OpPlus:
			sub, ok = planNode(n.Sub[0], keywords)
		case syntax.OpRepeat:
			if n.Min >= 1 {
				sub, ok = planNode(n.Sub[0], keywords)
			}
		case syntax.OpAlternate:
			sub, ok = windowPlan{safe: true}, true
			for _, b := range n.Sub {
				bp, bok := planNode(b, keywords)
				if !bok {
					ok = false
					break
				}
				sub.linesBefore = maxBound(sub.linesBefore, bp.linesBefore)
				sub.reachAfter = maxBound(sub.reachAfter, bp.reachAfter)
				sub.linesAfter = maxBound(sub.linesAfter, bp.linesAfter)
			}
		}
		if !ok {
			continue
		}
		// The keyword lies somewhere inside n: count all of n's newlines
		// on both sides, and measure what follows from n's start.
		p := windowPlan{safe: true}
		p.linesBefore = addBound(sumNL(nodes[:i]), maxNL(n))
		p.linesAfter = sumNL(nodes[i:])
		p.reachAfter = 0
		return extendAfterFrom(p, 0, nodes[i:]), true
	}
	return windowPlan{}, false
}

// extendAfterFrom walks the nodes from the keyword region on; pos is the
// largest offset from the keyword start where the next node can begin.
// Nodes that cannot match a newline never move the window's end line, even
// when unbounded; a newline that can only be the last byte of the match
// (gitleaks' [\s;] terminators) is inside the window anyway.
func extendAfterFrom(p windowPlan, pos int, after []*syntax.Regexp) windowPlan {
	for i, n := range after {
		nl := maxNL(n)
		l := maxLen(n)
		if nl != 0 {
			switch {
			case i == len(after)-1 && newlineOnlyAtEnd(n):
			case pos == unbounded || l == unbounded:
				p.reachAfter = unbounded
				return p
			default:
				p.reachAfter = maxBound(p.reachAfter, pos+l)
			}
		}
		pos = addBound(pos, l)
	}
	return p
}

// newlineOnlyAtEnd reports whether every newline n can match is the last
// byte it matches.
func newlineOnlyAtEnd(n *syntax.Regexp) bool {
	switch n.Op {
	case syntax.OpCharClass, syntax.OpAnyChar:
		return true
	case syntax.OpCapture:
		return newlineOnlyAtEnd(n.Sub[0])
	case syntax.OpAlternate:
		for _, b := range n.Sub {
			if maxNL(b) != 0 && !newlineOnlyAtEnd(b) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		for i, c := range n.Sub {
			if i < len(n.Sub)-1 && maxNL(c) != 0 {
				return false
			}
		}
		return len(n.Sub) == 0 || maxNL(n.Sub[len(n.Sub)-1]) == 0 || newlineOnlyAtEnd(n.Sub[len(n.Sub)-1])
	case syntax.OpLiteral:
		r := n.Rune
		return len(r) > 0 && !strings.ContainsRune(string(r[:len(r)-1]), '\n')
	}
	return maxNL(n) == 0
}

func maxNewlines(set []string) int {
	m := 0
	for _, s := range set {
		m = max(m, strings.Count(s, "\n"))
	}
	return m
}

func hasBeginText(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginText || re.Op == syntax.OpBeginLine {
		return true
	}
	for _, s := range re.Sub {
		if hasBeginText(s) {
			return true
		}
	}
	return false
}

const maxSetSize = 256

// pstr is a prefix of the text a node sequence matches; open means the
// next node's text directly follows it.
type pstr struct {
	s    string
	open bool
}

// prefixSet returns, in lower case, every prefix of the text that nodes
// match up to the first node whose text cannot be enumerated (a large
// character class, an unbounded repetition). Every match of nodes starts
// with one of the returned strings. It returns nil when the set would be
// too large.
func prefixSet(nodes []*syntax.Regexp) []string {
	set := []pstr{{"", true}}
	for _, n := range nodes {
		sub := prefixNode(n)
		var next []pstr
		anyOpen := false
		for _, a := range set {
			if !a.open {
				next = append(next, a)
				continue
			}
			for _, b := range sub {
				next = append(next, pstr{a.s + b.s, b.open})
				anyOpen = anyOpen || b.open
			}
		}
		if len(next) > maxSetSize {
			// Stop extending: the prefixes so far are still prefixes.
			for i := range set {
				set[i].open = false
			}
			break
		}
		set = next
		if !anyOpen {
			break
		}
	}
	out := make([]string, 0, len(set))
	seen := map[string]bool{}
	for _, p := range set {
		if !seen[p.s] {
			seen[p.s] = true
			out = append(out, p.s)
		}
	}
	return out
}

func prefixNode(n *syntax.Regexp) []pstr {
	closed := []pstr{{"", false}}
	switch n.Op {
	case syntax.OpLiteral:
		return []pstr{{strings.ToLower(string(n.Rune)), true}}
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []pstr{{"", true}}
	case syntax.OpCapture:
		return prefixNode(n.Sub[0])
	case syntax.OpCharClass:
		var out []pstr
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Rune); i += 2 {
			if n.Rune[i+1]-n.Rune[i] > 8 {
				return closed
			}
			for r := n.Rune[i]; r <= n.Rune[i+1]; r++ {
				s := string(unicode.ToLower(r))
				if !seen[s] {
					seen[s] = true
					out = append(out, pstr{s, true})
				}
			}
		}
		if len(out) == 0 || len(out) > 8 {
			return closed
		}
		return out
	case syntax.OpQuest:
		return append([]pstr{{"", true}}, prefixNode(n.Sub[0])...)
	case syntax.OpAlternate:
		var out []pstr
		for _, b := range n.Sub {
			out = append(out, prefixNode(b)...)
		}
		if len(out) > maxSetSize {
			return closed
		}
		return out
	case syntax.OpConcat:
		set := []pstr{{"", true}}
		for _, c := range n.Sub {
			sub := prefixNode(c)
			var next []pstr
			for _, a := range set {
				if !a.open {
					next = append(next, a)
					continue
				}
				for _, b := range sub {
					next = append(next, pstr{a.s + b.s, b.open})
				}
			}
			if len(next) > maxSetSize {
				return closed
			}
			set = next
		}
		return set
	case syntax.OpPlus:
		sub := prefixNode(n.Sub[0])
		out := make([]pstr, len(sub))
		for i, p := range sub {
			out[i] = pstr{p.s, false}
		}
		return out
	case syntax.OpRepeat:
		if n.Min >= 1 {
			sub := prefixNode(n.Sub[0])
			out := make([]pstr, len(sub))
			for i, p := range sub {
				out[i] = pstr{p.s, n.Min == 1 && n.Max == 1 && p.open}
			}
			return out
		}
	}
	return closed
}

func everyContainsKeyword(set []string, keywords []string) bool {
	for _, s := range set {
		ok := false
		for _, k := range keywords {
			if strings.Contains(s, k) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return len(set) > 0
}

// maxLen is the largest number of bytes n can match, or unbounded.
func maxLen(n *syntax.Regexp) int {
	switch n.Op {
	case syntax.OpLiteral:
		t := 0
		for _, r := range n.Rune {
			l := utf8Len(r)
			if n.Flags&syntax.FoldCase != 0 {
				// (?i)k matches the Kelvin sign (3 bytes), s the long s.
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					l = max(l, utf8Len(f))
				}
			}
			t += l
		}
		return t
	case syntax.OpCharClass:
		m := 0
		for i := 1; i < len(n.Rune); i += 2 {
			m = max(m, utf8Len(n.Rune[i]))
		}
		return m
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 4
	case syntax.OpStar, syntax.OpPlus:
		if maxLen(n.Sub[0]) == 0 {
			return 0
		}
		return unbounded
	case syntax.OpQuest, syntax.OpCapture:
		return maxLen(n.Sub[0])
	case syntax.OpRepeat:
		l := maxLen(n.Sub[0])
		if l == 0 {
			return 0
		}
		if n.Max < 0 || l == unbounded {
			return unbounded
		}
		return l * n.Max
	case syntax.OpConcat:
		t := 0
		for _, s := range n.Sub {
			t = addBound(t, maxLen(s))
		}
		return t
	case syntax.OpAlternate:
		m := 0
		for _, s := range n.Sub {
			m = maxBound(m, maxLen(s))
		}
		return m
	}
	return 0
}

// maxNL is the largest number of newlines n can match, or unbounded.
func maxNL(n *syntax.Regexp) int {
	switch n.Op {
	case syntax.OpLiteral:
		return strings.Count(string(n.Rune), "\n")
	case syntax.OpCharClass:
		for i := 0; i+1 < len(n.Rune); i += 2 {
			if n.Rune[i] <= '\n' && '\n' <= n.Rune[i+1] {
				return 1
			}
		}
		return 0
	case syntax.OpAnyChar:
		return 1
	case syntax.OpStar, syntax.OpPlus:
		if maxNL(n.Sub[0]) == 0 {
			return 0
		}
		return unbounded
	case syntax.OpQuest, syntax.OpCapture:
		return maxNL(n.Sub[0])
	case syntax.OpRepeat:
		l := maxNL(n.Sub[0])
		if l == 0 {
			return 0
		}
		if n.Max < 0 || l == unbounded {
			return unbounded
		}
		return l * n.Max
	case syntax.OpConcat:
		return sumNL(n.Sub)
	case syntax.OpAlternate:
		m := 0
		for _, s := range n.Sub {
			m = maxBound(m, maxNL(s))
		}
		return m
	}
	return 0
}

func sumNL(ns []*syntax.Regexp) int {
	t := 0
	for _, s := range ns {
		t = addBound(t, maxNL(s))
	}
	return t
}

func addBound(a, b int) int {
	if a == unbounded || b == unbounded {
		return unbounded
	}
	return a + b
}

func maxBound(a, b int) int {
	if a == unbounded || b == unbounded {
		return unbounded
	}
	return max(a, b)
}

func utf8Len(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}
