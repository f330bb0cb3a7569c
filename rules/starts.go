package rules

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// startSearch runs a rule that must search to the end of a file (no
// window is provable around its keyword: a Kubernetes Secret's kind, name
// and data in either order) from the places its matches can start only.
// Every match begins, after an optional leading \b, with one of a few
// literals; the core (the regex without that \b) runs anchored at each of
// their occurrences, left to right, as a search over the whole content
// would find them: the same matches, without the regex engine stepping
// through every byte between them. The input each anchored search reads is
// counted against the rule's budget; past it the rule searches the whole
// content once.
type startSearch struct {
	starts       *KeywordSet
	core         *regexp.Regexp
	wordBoundary bool
}

// planStarts recognises the shape; nil when it does not apply.
func planStarts(expr string) *startSearch {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || hasBeginText(re) {
		return nil
	}
	nodes := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		nodes = re.Sub
	}
	wb := false
	if len(nodes) > 1 && nodes[0].Op == syntax.OpWordBoundary {
		wb, nodes = true, nodes[1:]
	} else if re.Op == syntax.OpAlternate {
		// (?:\bkind:…|\bdata:…): the \b that every branch starts with.
		var branches []*syntax.Regexp
		for _, b := range re.Sub {
			if b.Op != syntax.OpConcat || len(b.Sub) < 2 || b.Sub[0].Op != syntax.OpWordBoundary {
				branches = nil
				break
			}
			branches = append(branches, &syntax.Regexp{Op: syntax.OpConcat, Sub: b.Sub[1:], Flags: b.Flags})
		}
		if branches != nil {
			wb, nodes = true, []*syntax.Regexp{{Op: syntax.OpAlternate, Sub: branches, Flags: re.Flags}}
		}
	}
	// An assertion at the core's first position would see the start of
	// its input, not the text before it.
	if leadingAssertion(nodes, 0) {
		return nil
	}
	set := prefixSet(nodes)
	if len(set) == 0 || len(set) > 16 {
		return nil
	}
	for _, s := range set {
		if len(s) < 3 {
			return nil // too common to be worth it
		}
	}
	core, err := regexp.Compile(`^(?:` + (&syntax.Regexp{Op: syntax.OpConcat, Sub: nodes, Flags: re.Flags}).String() + `)`)
	if err != nil || core.NumSubexp() != countCaptures(re) {
		return nil
	}
	return &startSearch{starts: NewKeywordSet(set), core: core, wordBoundary: wb}
}

// leadingAssertion reports whether an empty-width assertion can be
// evaluated before the first character a match of nodes consumes.
func leadingAssertion(nodes []*syntax.Regexp, depth int) bool {
	if depth > 32 {
		return true
	}
	for i, n := range nodes {
		rest := nodes[i+1:]
		switch n.Op {
		case syntax.OpLiteral:
			if len(n.Rune) > 0 {
				return false
			}
		case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			return false
		case syntax.OpEmptyMatch:
		case syntax.OpCapture, syntax.OpPlus:
			return leadingAssertion(append([]*syntax.Regexp{n.Sub[0]}, rest...), depth+1)
		case syntax.OpRepeat:
			if n.Min >= 1 {
				return leadingAssertion(append([]*syntax.Regexp{n.Sub[0]}, rest...), depth+1)
			}
			return leadingAssertion(append([]*syntax.Regexp{n.Sub[0]}, rest...), depth+1) || leadingAssertion(rest, depth+1)
		case syntax.OpQuest, syntax.OpStar:
			return leadingAssertion(append([]*syntax.Regexp{n.Sub[0]}, rest...), depth+1) || leadingAssertion(rest, depth+1)
		case syntax.OpConcat:
			return leadingAssertion(append(append([]*syntax.Regexp{}, n.Sub...), rest...), depth+1)
		case syntax.OpAlternate:
			for _, b := range n.Sub {
				if leadingAssertion(append([]*syntax.Regexp{b}, rest...), depth+1) {
					return true
				}
			}
			return false
		default:
			return true // \b, \B, ^, $, \A, \z
		}
	}
	return false
}

// countingReader reads a string rune by rune and counts the bytes read.
type countingReader struct {
	s string
	n int
}

func (r *countingReader) ReadRune() (rune, int, error) {
	if r.n >= len(r.s) {
		return 0, 0, errEOF
	}
	c, w := utf8.DecodeRuneInString(r.s[r.n:])
	r.n += w
	return c, w, nil
}

type eofError struct{}

func (eofError) Error() string { return "EOF" }

var errEOF error = eofError{}

// find returns the submatch indices (absolute) of the rule's matches in
// content, or ok false once the anchored searches have read more than
// budget bytes (or the content holds a non-ASCII case fold that a start
// literal may be spelled with).
func (ss *startSearch) find(content string, budget int) (_ [][]int, ok bool) {
	if hasFoldRunes(content) {
		return nil, false
	}
	var hits []int
	ss.starts.Scan(content, func(_, h int) bool {
		hits = append(hits, h)
		return true
	})
	hits = sortedUnique(hits) // Scan reports in order of end
	var out [][]int
	pos, spent := 0, 0
	defer func() { regexInput.Add(int64(spent)) }()
	for _, h := range hits {
		if h < pos || ss.wordBoundary && !wordBoundaryAt(content, h) {
			continue
		}
		rd := &countingReader{s: content[h:]}
		loc := ss.core.FindReaderSubmatchIndex(rd)
		if spent += rd.n; spent > budget {
			return nil, false
		}
		if loc == nil {
			continue
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += h
			}
		}
		out = append(out, loc)
		pos = loc[1]
	}
	return out, true
}
