package rules

import (
	"sort"
	"strings"
)

// lineIndex maps byte offsets to 0-based lines and back.
type lineIndex struct {
	n      int
	starts []int // start offset of each line
}

func newLineIndex(s string) *lineIndex {
	starts := make([]int, 1, 1+strings.Count(s, "\n"))
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return &lineIndex{n: len(s), starts: starts}
}

// lineOf returns the 0-based line holding offset off.
func (li *lineIndex) lineOf(off int) int {
	return sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
}

// start returns the offset of the first byte of line (clamped).
func (li *lineIndex) start(line int) int {
	if line <= 0 {
		return 0
	}
	if line >= len(li.starts) {
		return li.n
	}
	return li.starts[line]
}

// end returns the offset just after the newline ending line (or the end of
// the content).
func (li *lineIndex) end(line int) int {
	if line+1 >= len(li.starts) {
		return li.n
	}
	return li.starts[line+1]
}

// lineEndNoNL returns the offset of the newline ending line, or the end.
func (li *lineIndex) lineEndNoNL(line int) int {
	e := li.end(line)
	if e > 0 && e <= li.n && line+1 < len(li.starts) {
		return e - 1
	}
	return e
}
