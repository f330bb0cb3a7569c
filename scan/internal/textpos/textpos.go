// Package textpos converts between byte offsets and 1-based line and
// column positions in a file's content. Columns count bytes, as
// finding.Finding does; RuneOffset converts a character column (what
// yaml.v3 reports) into a byte offset.
package textpos

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Index maps byte offsets of one content to lines and columns. It is
// built on first use and is not safe for concurrent use.
type Index struct {
	src    []byte
	starts []int // byte offset of the first byte of each line; nil until used
}

// New returns an index of src. It does not copy src; the caller must not
// change it. The line table is computed on the first query, so an index
// that is never asked costs nothing.
func New(src []byte) *Index { return &Index{src: src} }

func (ix *Index) lines() []int {
	if ix.starts == nil {
		n := 1 + bytes.Count(ix.src, []byte{'\n'})
		starts := make([]int, 1, n)
		for off := 0; ; {
			i := bytes.IndexByte(ix.src[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			starts = append(starts, off)
		}
		ix.starts = starts
	}
	return ix.starts
}

// Lines returns the number of lines (a final newline starts an empty last
// line).
func (ix *Index) Lines() int { return len(ix.lines()) }

// Position returns the 1-based line and byte column of off, clamped into
// the content.
func (ix *Index) Position(off int) (line, col int) {
	off = min(max(off, 0), len(ix.src))
	starts := ix.lines()
	i := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	return i + 1, off - starts[i] + 1
}

// LineStart returns the offset of the first byte of the 1-based line
// (clamped).
func (ix *Index) LineStart(line int) int {
	starts := ix.lines()
	switch {
	case line <= 1:
		return 0
	case line > len(starts):
		return len(ix.src)
	}
	return starts[line-1]
}

// LineEnd returns the offset of the newline ending the 1-based line, or
// the end of the content (a trailing carriage return is part of the line).
func (ix *Index) LineEnd(line int) int {
	if line < 1 {
		line = 1
	}
	starts := ix.lines()
	if line >= len(starts) {
		return len(ix.src)
	}
	return starts[line] - 1
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
