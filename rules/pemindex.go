package rules

import (
	"slices"
	"strings"
)

// PEMIndex answers InPEMBody for many offsets of one text in logarithmic
// time: InPEMBody searches back from its offset, which costs the file's
// size for every match of a file without PEM blocks.
type PEMIndex struct {
	text         string
	begins, ends []int // offsets of "-----BEGIN " and "-----END "
	newlines     []int // offsets of '\n' (only when there is a BEGIN)
}

const (
	pemBegin = "-----BEGIN "
	pemEnd   = "-----END "
)

// NewPEMIndex indexes text.
func NewPEMIndex(text string) *PEMIndex {
	ix := &PEMIndex{text: text, begins: occurrences(text, pemBegin)}
	if len(ix.begins) == 0 {
		return ix
	}
	ix.ends = occurrences(text, pemEnd)
	for off := 0; ; {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			break
		}
		ix.newlines = append(ix.newlines, off+i)
		off += i + 1
	}
	return ix
}

// occurrences returns the start of every occurrence of sub (which cannot
// overlap itself) in s.
func occurrences(s, sub string) []int {
	var out []int
	for off := 0; ; {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return out
		}
		out = append(out, off+i)
		off += i + len(sub)
	}
}

// InBody is InPEMBody(text, offset).
func (ix *PEMIndex) InBody(offset int) bool {
	if offset < 0 || offset > len(ix.text) || len(ix.begins) == 0 {
		return false
	}
	// The last BEGIN that ends at or before offset.
	i, _ := slices.BinarySearch(ix.begins, offset-len(pemBegin)+1)
	if i == 0 {
		return false
	}
	b := ix.begins[i-1]
	// A newline in text[b:offset].
	j, _ := slices.BinarySearch(ix.newlines, b)
	if j == len(ix.newlines) || ix.newlines[j] >= offset {
		return false
	}
	// No END inside text[b:offset], one inside text[offset:].
	k, _ := slices.BinarySearch(ix.ends, b)
	if k < len(ix.ends) && ix.ends[k]+len(pemEnd) <= offset {
		return false
	}
	k, _ = slices.BinarySearch(ix.ends, offset)
	return k < len(ix.ends)
}

// PlausibleIndexed is Plausible for a content indexed by NewPEMIndex: the
// same answer, in time independent of the content's size.
func PlausibleIndexed(pem *PEMIndex, m Match) bool { return plausible(pem.text, m, pem) }
