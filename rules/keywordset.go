package rules

import "strings"

// KeywordSet finds ASCII words in text, ignoring case, in one pass (the
// detector's Aho-Corasick automaton). Scanners use it as a prefilter: a
// line without any secret-name fragment cannot hold a secret-named key.
type KeywordSet struct {
	m     *keywordMatcher
	words []string
}

// NewKeywordSet compiles a set of words (matched case-insensitively;
// empty words are ignored).
func NewKeywordSet(words []string) *KeywordSet {
	var ws []string
	for _, w := range words {
		if w = strings.ToLower(w); w != "" {
			ws = append(ws, w)
		}
	}
	return &KeywordSet{m: newKeywordMatcher(ws), words: ws}
}

// Words returns the words of the set, lower-cased.
func (k *KeywordSet) Words() []string { return append([]string(nil), k.words...) }

// Scan calls hit with the index (into Words) and start offset of every
// occurrence, in order of end position; hit returns false to stop.
func (k *KeywordSet) Scan(s string, hit func(word, start int) bool) {
	if len(k.words) == 0 {
		return
	}
	k.m.each(s, func(w int32, start int) bool { return hit(int(w), start) })
}

// Contains reports whether s contains any word of the set.
func (k *KeywordSet) Contains(s string) bool {
	found := false
	k.Scan(s, func(int, int) bool { found = true; return false })
	return found
}

// Fragments returns lower-case words such that every name Match accepts
// contains one of them, ignoring case: the first word of every secret
// term (and of the weak terms). A text without any of them holds no
// secret name.
func (n *Names) Fragments() []string {
	seen := map[string]bool{}
	var out []string
	for _, ts := range [][][]string{n.terms, n.weak} {
		for _, t := range ts {
			if len(t) == 0 || seen[t[0]] {
				continue
			}
			seen[t[0]] = true
			out = append(out, t[0])
		}
	}
	return out
}
