// Package regexgen generates strings that a regular expression matches, by
// a seeded random walk over its syntax tree. Tests use it to produce
// provider-format fake secrets for every gitleaks rule, and to build
// differential corpora; the strings are random, never real credentials.
package regexgen

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"unicode"
)

// Generator produces strings for one regular expression.
type Generator struct {
	re *syntax.Regexp
	// MaxRepeat bounds unbounded repetitions (x*, x+, x{n,}) to n+MaxRepeat.
	MaxRepeat int
}

// New parses expr (Perl syntax, as regexp.Compile).
func New(expr string) (*Generator, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, err
	}
	return &Generator{re: re.Simplify(), MaxRepeat: 8}, nil
}

// Generate returns one string; assertions (\b, ^, $) are not enforced, so
// callers that need a match must check it with the compiled regexp.
func (g *Generator) Generate(r *rand.Rand) string {
	var b strings.Builder
	g.gen(&b, g.re, r)
	return b.String()
}

func (g *Generator) gen(b *strings.Builder, re *syntax.Regexp, r *rand.Rand) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && r.IntN(2) == 0 {
				if unicode.IsUpper(c) {
					c = unicode.ToLower(c)
				} else {
					c = unicode.ToUpper(c)
				}
			}
			b.WriteRune(c)
		}
	case syntax.OpCharClass:
		b.WriteRune(pickRune(re.Rune, r))
	case syntax.OpAnyCharNotNL:
		b.WriteByte(byte('a' + r.IntN(26)))
	case syntax.OpAnyChar:
		b.WriteByte(byte('a' + r.IntN(26)))
	case syntax.OpCapture:
		g.gen(b, re.Sub[0], r)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.gen(b, s, r)
		}
	case syntax.OpAlternate:
		g.gen(b, re.Sub[r.IntN(len(re.Sub))], r)
	case syntax.OpStar:
		g.repeat(b, re.Sub[0], 0, -1, r)
	case syntax.OpPlus:
		g.repeat(b, re.Sub[0], 1, -1, r)
	case syntax.OpQuest:
		g.repeat(b, re.Sub[0], 0, 1, r)
	case syntax.OpRepeat:
		g.repeat(b, re.Sub[0], re.Min, re.Max, r)
	}
}

func (g *Generator) repeat(b *strings.Builder, sub *syntax.Regexp, lo, hi int, r *rand.Rand) {
	if hi < 0 {
		hi = lo + g.MaxRepeat
	}
	n := lo
	if hi > lo {
		n += r.IntN(hi - lo + 1)
	}
	for range n {
		g.gen(b, sub, r)
	}
}

// pickRune picks from a character class, preferring printable ASCII so
// that generated samples look like what they imitate.
func pickRune(ranges []rune, r *rand.Rand) rune {
	var ascii []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], min(ranges[i+1], 0x7e)
		if lo < 0x20 && hi >= 0x20 {
			lo = 0x20
		}
		for c := lo; c <= hi && c >= 0x20; c++ {
			ascii = append(ascii, c)
		}
	}
	if len(ascii) > 0 {
		return ascii[r.IntN(len(ascii))]
	}
	i := r.IntN(len(ranges)/2) * 2
	lo, hi := ranges[i], ranges[i+1]
	if hi-lo > 1000 {
		hi = lo + 1000
	}
	return lo + rune(r.IntN(int(hi-lo)+1))
}
