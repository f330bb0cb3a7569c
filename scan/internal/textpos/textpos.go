// Package textpos converts between byte offsets and 1-based line and
// column positions in a file's content. Columns count bytes, as
// finding.Finding does; RuneOffset converts a character column (what
// yaml.v3 reports) into a byte offset.
package textpos

import (
	"sort"
	"unicode/utf8"
)

// Index maps byte offsets of one content to lines and columns.
type Index struct {
	src    []byte
	starts []int // byte offset of the first byte of each line
}

// New indexes src. It does not copy src; the caller must not change it.
func New(src []byte) *Index {
	n := 1
	for _, c := range src {
		if c == '\n' {
			n++
		}
	}
	starts := make([]int, 1, n)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Index{src: src, starts: starts}
}

// Lines returns the number of lines (a final newline starts an empty last
// line).
func (ix *Index) Lines() int { return len(ix.starts) }

// Position returns the 1-based line and byte column of off, clamped into
// the content.
func (ix *Index) Position(off int) (line, col int) {
	off = min(max(off, 0), len(ix.src))
	i := sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > off }) - 1
	return i + 1, off - ix.starts[i] + 1
}

// LineStart returns the offset of the first byte of the 1-based line
// (clamped).
func (ix *Index) LineStart(line int) int {
	switch {
	case line <= 1:
		return 0
	case line > len(ix.starts):
		return len(ix.src)
	}
	return ix.starts[line-1]
}

// LineEnd returns the offset of the newline ending the 1-based line, or
// the end of the content (a trailing carriage return is part of the line).
func (ix *Index) LineEnd(line int) int {
	if line < 1 {
		line = 1
	}
	if line >= len(ix.starts) {
		return len(ix.src)
	}
	return ix.starts[line] - 1
}

// Line returns the bytes of the 1-based line without its newline.
func (ix *Index) Line(line int) []byte { return ix.src[ix.LineStart(line):ix.LineEnd(line)] }

// RuneOffset returns the byte offset of the 1-based character column col
// on the 1-based line (yaml.v3 counts characters). Invalid UTF-8 bytes
// count as one character each, as they do in yaml.v3's reader after
// replacement.
func (ix *Index) RuneOffset(line, col int) int {
	off := ix.LineStart(line)
	end := ix.LineEnd(line)
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(ix.src[off:end])
		off += size
	}
	return off
}
