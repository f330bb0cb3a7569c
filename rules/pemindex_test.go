package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPEMIndexMatchesInPEMBody compares the indexed answer with InPEMBody
// at every offset of random texts made of PEM markers, newlines and filler.
func TestPEMIndexMatchesInPEMBody(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	parts := []string{"-----BEGIN ", "-----END ", "\n", "x", "-", "-----BEGIN CERTIFICATE-----\n", "abc", " "}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		text := b.String()
		ix := NewPEMIndex(text)
		for off := -1; off <= len(text)+1; off++ {
			if got, want := ix.InBody(off), InPEMBody(text, off); got != want {
				t.Fatalf("InBody(%q, %d) = %v, InPEMBody says %v", text, off, got, want)
			}
		}
	}
}
