package rules

import (
	"regexp/syntax"
	"slices"
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
	return longLiterals(requiredAll(re))
}

func longLiterals(ls []string) []string {
	var out []string
	for _, l := range ls {
		if len(l) >= 2 && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// prefixLiterals returns the literals every match contains within its
// leading part of boundedly many lines (curl-auth-user's -u after curl),
// and that bound: the nodes of the top-level concatenation before the
// first that can match any number of newlines.
func prefixLiterals(expr string) (lits []string, lines int) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, 0
	}
	nodes := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		nodes = re.Sub
	}
	k := 0
	for k < len(nodes) && maxNL(nodes[k]) != unbounded {
		k++
	}
	if k == 0 {
		return nil, 0
	}
	return longLiterals(requiredAll(&syntax.Regexp{Op: syntax.OpConcat, Sub: nodes[:k], Flags: re.Flags})), sumNL(nodes[:k])
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
		// Runs of operands with few spellings (-(?:u|-user)) spell
		// strings together; what all spellings share is required too.
		for i := 0; i < len(re.Sub); {
			run, j := exactRun(re.Sub, i)
			if j > i+1 {
				out = append(out, commonSubstrings(run)...)
			}
			i = max(j, i+1)
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
				if slices.Contains(out, cand) {
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

// commonSubstrings returns the longest strings (two bytes or more) that
// occur in every member of set, taken from its shortest member.
func commonSubstrings(set []string) []string {
	if len(set) == 0 {
		return nil
	}
	short := set[0]
	for _, m := range set {
		if len(m) < len(short) {
			short = m
		}
	}
	for l := len(short); l >= 2; l-- {
		var out []string
		for i := 0; i+l <= len(short); i++ {
			c := short[i : i+l]
			all := true
			for _, m := range set {
				if !strings.Contains(m, c) {
					all = false
					break
				}
			}
			if all && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}
