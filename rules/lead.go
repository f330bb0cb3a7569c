package rules

import (
	"regexp/syntax"
	"unicode"
)

// leadFilter is a byte-level necessary condition for a template's core to
// match at a keyword hit: the core starts with the keyword, then optional
// runs of a few classes (blanks, name characters, quotes), then a node that
// must match, whose first byte is in first (generic-api-key's assignment
// operator). So from the hit, the bytes up to that node are all in pass,
// and a byte of first comes within limit bytes. Checking that costs a few
// byte loads; running the core costs the regex engine's per-call setup,
// and in Go code four "key" hits in five have no operator after the name.
type leadFilter struct {
	pass, first [256]bool
	limit       int
	// The node starting with a byte of first and the optional nodes after
	// it (an operator and the quotes and blanks around a value) span at
	// most afterMax bytes of after; then comes a node that matches at
	// least valueMin bytes of value (the secret). valueMin 0: not checked.
	after, value [256]bool
	afterMax     int
	valueMin     int
}

// planLeadFilter derives the filter from the core's nodes, or nil.
func planLeadFilter(rest []*syntax.Regexp) *leadFilter {
	if len(rest) < 3 {
		return nil
	}
	f := &leadFilter{}
	if !addBytes(&f.pass, rest[0]) {
		return nil
	}
	f.limit = maxLen(rest[0])
	i := 1
	for ; i < len(rest); i++ {
		n := rest[i]
		if n.Op != syntax.OpRepeat && n.Op != syntax.OpStar && n.Op != syntax.OpQuest || n.Op == syntax.OpRepeat && n.Min != 0 {
			break
		}
		l := maxLen(n)
		if l == unbounded || !addBytes(&f.pass, n.Sub[0]) {
			return nil
		}
		f.limit += l
	}
	if i == 1 || i == len(rest) || f.limit == unbounded || !firstBytes(&f.first, rest[i]) {
		return nil
	}
	f.planValue(rest[i:])
	return f
}

// planValue sets the second stage of the filter from the nodes starting
// at the one first is for: that node and the optional nodes after it
// (bounded, made of literals and classes), then a node that cannot match
// fewer than one byte. Without that shape the stage is left off.
func (f *leadFilter) planValue(rest []*syntax.Regexp) {
	var after, value [256]bool
	total := 0
	i := 0
	for ; i < len(rest); i++ {
		n := rest[i]
		if i > 0 && n.Op != syntax.OpRepeat && n.Op != syntax.OpStar && n.Op != syntax.OpQuest || n.Op == syntax.OpRepeat && n.Min != 0 && i > 0 {
			break
		}
		l := maxLen(n)
		if l == unbounded || !addBytes(&after, n) {
			return
		}
		total += l
	}
	if i == len(rest) || total == 0 {
		return
	}
	m := minLen(rest[i])
	if m == 0 || !addBytes(&value, rest[i]) {
		return
	}
	f.after, f.value, f.afterMax, f.valueMin = after, value, total, m
}

// valueAt reports whether, for a node of first starting at s[j], a value
// can follow: within afterMax bytes of after from j, a run of valueMin
// bytes of value.
func (f *leadFilter) valueAt(s string, j int) bool {
	for v := j + 1; v <= j+f.afterMax && v+f.valueMin <= len(s); v++ {
		if !f.after[s[v-1]] {
			return false
		}
		run := 0
		for run < f.valueMin && f.value[s[v+run]] {
			run++
		}
		if run == f.valueMin {
			return true
		}
	}
	return false
}

// check reports whether the core may match at s (the content from the hit).
func (f *leadFilter) check(s string) bool {
	for j := 0; j < len(s) && j <= f.limit; j++ {
		c := s[j]
		if f.first[c] && (f.valueMin == 0 || f.valueAt(s, j)) {
			return true
		}
		if !f.pass[c] {
			return false
		}
	}
	return false
}

// minLen is a lower bound on the number of bytes n matches (its fewest
// runes).
func minLen(n *syntax.Regexp) int {
	switch n.Op {
	case syntax.OpLiteral:
		return len(n.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpPlus, syntax.OpCapture:
		return minLen(n.Sub[0])
	case syntax.OpRepeat:
		return n.Min * minLen(n.Sub[0])
	case syntax.OpConcat:
		t := 0
		for _, s := range n.Sub {
			t += minLen(s)
		}
		return t
	case syntax.OpAlternate:
		m := -1
		for _, s := range n.Sub {
			if l := minLen(s); m < 0 || l < m {
				m = l
			}
		}
		return max(m, 0)
	}
	return 0
}

// addBytes marks every byte that a match of re can contain; false when re
// is not a literal, class or alternation of them.
func addBytes(set *[256]bool, re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			markRune(set, r, re.Flags&syntax.FoldCase != 0)
		}
		return true
	case syntax.OpCharClass:
		markClass(set, re)
		return true
	case syntax.OpCapture, syntax.OpConcat, syntax.OpAlternate, syntax.OpQuest, syntax.OpRepeat, syntax.OpStar, syntax.OpPlus:
		for _, s := range re.Sub {
			if !addBytes(set, s) {
				return false
			}
		}
		return true
	case syntax.OpEmptyMatch:
		return true
	}
	return false
}

// firstBytes marks every byte a match of re can start with; false when re
// can match the empty string or is not made of literals and classes.
func firstBytes(set *[256]bool, re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return false
		}
		markRune(set, re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return true
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return false
		}
		markClass(set, re)
		return true
	case syntax.OpCapture:
		return firstBytes(set, re.Sub[0])
	case syntax.OpPlus:
		return firstBytes(set, re.Sub[0])
	case syntax.OpRepeat:
		return re.Min >= 1 && firstBytes(set, re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && firstBytes(set, re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !firstBytes(set, s) {
				return false
			}
		}
		return true
	}
	return false
}

// markRune marks the first byte of r's UTF-8 encoding (and of its case
// folds): every byte from 0x80 on for a non-ASCII rune.
func markRune(set *[256]bool, r rune, fold bool) {
	mark := func(r rune) {
		if r < 0x80 {
			set[r] = true
			return
		}
		for c := 0x80; c < 256; c++ {
			set[c] = true
		}
	}
	mark(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			mark(f)
		}
	}
}

func markClass(set *[256]bool, re *syntax.Regexp) {
	for i := 0; i+1 < len(re.Rune); i += 2 {
		lo, hi := re.Rune[i], re.Rune[i+1]
		for r := lo; r <= hi && r < 0x80; r++ {
			set[r] = true
		}
		if hi >= 0x80 {
			markRune(set, 0x80, false)
		}
	}
}
