package scan

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan/internal/textpos"
)

// TestQuoteIndexMatchesEnclosingQuotes compares the indexed search with the
// line scan it replaces, on every span of random lines of quotes and text.
func TestQuoteIndexMatchesEnclosingQuotes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{`"`, `'`, "`", "\n", "ab", " ", "x"}
	for range 1500 {
		var b strings.Builder
		for range r.IntN(14) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		text := b.String()
		ix := textpos.New([]byte(text))
		qi := newQuoteIndex(text)
		for s := 0; s <= len(text); s++ {
			for e := s; e <= len(text); e++ {
				a1, b1, ok1 := qi.enclosing(ix, s, e)
				a2, b2, ok2 := enclosingQuotes(text, s, e)
				if a1 != a2 || b1 != b2 || ok1 != ok2 {
					t.Fatalf("%q [%d,%d): index says %d %d %v, scan says %d %d %v", text, s, e, a1, b1, ok1, a2, b2, ok2)
				}
			}
		}
	}
}
