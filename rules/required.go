package rules

import (
	"regexp/syntax"
	"strings"
)

// ruleLiterals returns strings (lower case) that every match of re
// contains, ignoring ASCII case: the literals on the path every match
// takes, and for an alternation the literals that every branch contains.
// A rule whose regex runs over a whole file (no window is provable: a
// Kubernetes Secret's kind, name and data in any order) is skipped when
// the file lacks one of them, as gitleaks' keyword check skips a rule
// whose keyword is missing.
func ruleLiterals(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range requiredAll(re) {
		if len(l) >= 2 {
			out = append(out, l)
		}
	}
	return out
}

func requiredAll(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r >= 0x80 {
				return nil
			}
		}
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredAll(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredAll(re.Sub[0])
		}
	case syntax.OpConcat:
		var out []string
		for _, s := range re.Sub {
			out = append(out, requiredAll(s)...)
		}
		return out
	case syntax.OpAlternate:
		branches := make([][]string, len(re.Sub))
		for i, s := range re.Sub {
			branches[i] = requiredAll(s)
		}
		var out []string
		for _, b := range branches {
			for _, cand := range b {
				if contains(out, cand) {
					continue
				}
				all := true
				for _, o := range branches {
					if !anyContains(o, cand) {
						all = false
						break
					}
				}
				if all {
					out = append(out, cand)
				}
			}
		}
		return out
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func anyContains(ss []string, sub string) bool {
	for _, x := range ss {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}

// foldRunes are the non-ASCII characters that (?i) matches for an ASCII
// letter (the Kelvin sign for k, the long s for s): a file holding one may
// match a literal that an ASCII case-insensitive search does not find.
var foldRunes = []string{"\u212a", "\u017f"}

func hasFoldRunes(s string) bool {
	for _, r := range foldRunes {
		if strings.Contains(s, r) {
			return true
		}
	}
	return false
}
