package rules

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// Prescanner finds, in one pass over a file, every word the cheap tests of
// the scanners look for: the keywords of the provider rules (gitleaks'
// prefilter), the fragments of secret names (the name prefilter of the
// line, YAML and Go scanners) and the hints of a command-line password.
// Each used to be its own pass, the name fragments once per line; one
// automaton over the union of the words reads each byte once.
type Prescanner struct {
	d     *Detector // nil: no provider rules
	m     *keywordMatcher
	detKW []int32  // word -> the detector's keyword index, or -1
	frag  []bool   // word is a name fragment
	line  []uint8  // word -> its line classes (lineCLI, lineCaller)
	mark  []uint64 // word -> the markers it is (bit i: markers[i])
	hits  sync.Pool
}

// FileHits is what a Prescanner found in one file. Offsets are byte
// offsets into the file; hits are in order of end position.
type FileHits struct {
	p       *Prescanner
	all     []kwHit
	det     []kwHit // kw: the detector's keyword index
	frag    []int   // starts of name fragments
	fragEnd []int   // and their ends
	line    []kwHit // kw: the word, for its end and its line classes
	marks   uint64  // markers found
	scratch [3][]kwHit
}

// The line classes of a word: where a scanner asks whether a line holds
// one of the words of a class (FileHits.CLIHint, FileHits.LineWord).
const (
	lineCLI    uint8 = 1 << iota // a command-line password hint
	lineCaller                   // one of NewPrescanner's lineWords
)

// NewPrescanner returns a prescanner for a detector (nil when provider
// rules are off), the fragments of a name matcher (Names.Fragments), up
// to 64 markers, strings whose presence a scanner checks before a search
// of its own (FileHits.Marked), and line words, whose presence on a line
// a scanner checks (FileHits.LineWord).
func NewPrescanner(d *Detector, frags, markers, lineWords []string) *Prescanner {
	if len(markers) > 64 {
		panic("rules.NewPrescanner: more than 64 markers")
	}
	var words []string
	index := map[string]int{}
	add := func(w string) int {
		w = strings.ToLower(w)
		if i, ok := index[w]; ok {
			return i
		}
		index[w] = len(words)
		words = append(words, w)
		return len(words) - 1
	}
	p := &Prescanner{d: d}
	grow := func() {
		for len(p.detKW) < len(words) {
			p.detKW = append(p.detKW, -1)
			p.frag = append(p.frag, false)
			p.line = append(p.line, 0)
			p.mark = append(p.mark, 0)
		}
	}
	if d != nil {
		for k, w := range d.keywordWords {
			i := add(w)
			grow()
			p.detKW[i] = int32(k)
		}
	}
	for _, w := range frags {
		if w == "" {
			continue
		}
		i := add(w)
		grow()
		p.frag[i] = true
	}
	for _, w := range cliHints {
		i := add(w)
		grow()
		p.line[i] |= lineCLI
	}
	for _, w := range lineWords {
		if w == "" {
			continue
		}
		i := add(w)
		grow()
		p.line[i] |= lineCaller
	}
	for k, w := range markers {
		if w == "" {
			continue
		}
		i := add(w)
		grow()
		p.mark[i] |= 1 << k
	}
	p.m = newKeywordMatcher(words)
	return p
}

// Scan finds the words in content. Give the result back with Release
// once nothing reads it.
func (p *Prescanner) Scan(content string) *FileHits {
	h, ok := p.hits.Get().(*FileHits)
	if !ok {
		h = &FileHits{p: p}
	}
	h.all = p.m.findAll(content, h.all[:0], &h.scratch)
	for _, x := range h.all {
		if k := p.detKW[x.kw]; k >= 0 {
			h.det = append(h.det, kwHit{start: x.start, kw: k})
		}
		if p.frag[x.kw] {
			h.frag = append(h.frag, x.start)
			h.fragEnd = append(h.fragEnd, x.start+p.m.lens[x.kw])
		}
		if p.line[x.kw] != 0 {
			h.line = append(h.line, x)
		}
		h.marks |= p.mark[x.kw]
	}
	return h
}

// Release returns h to its prescanner's pool.
func (p *Prescanner) Release(h *FileHits) {
	if h == nil || h.p != p {
		return
	}
	h.all, h.det, h.frag, h.fragEnd, h.line, h.marks = h.all[:0], h.det[:0], h.frag[:0], h.fragEnd[:0], h.line[:0], 0
	p.hits.Put(h)
}

// Frags returns the start offsets of the name fragments found, in order
// of end position (the order KeywordSet.Scan with the fragments reports
// them in). The slice belongs to h.
func (h *FileHits) Frags() []int { return h.frag }

// LineFrags returns the start offsets of the name fragments found in
// content[lo:hi], in order of end position, where lo starts a line (0 or
// just after a '\n') and hi is at most the end of a line: those are the
// fragments ending in (lo, hi], since no fragment holds a line break. The
// slice belongs to h.
func (h *FileHits) LineFrags(lo, hi int) []int {
	i, _ := slices.BinarySearch(h.fragEnd, lo+1)
	j, _ := slices.BinarySearch(h.fragEnd, hi+1)
	return h.frag[i:j]
}

// Marked reports whether the content holds markers[i] of NewPrescanner,
// ignoring ASCII case: when it does not, neither does it hold the marker
// as written.
func (h *FileHits) Marked(i int) bool { return h.marks&(1<<i) != 0 }

// CLIHint reports whether content[lo:hi] holds a command-line password
// hint: MayHoldCLIPassword(content[lo:hi]).
func (h *FileHits) CLIHint(lo, hi int) bool { return h.lineHas(lo, hi, lineCLI) }

// LineWord reports whether content[lo:hi] holds one of NewPrescanner's
// line words, ignoring ASCII case: when it does not, neither does it hold
// one as written.
func (h *FileHits) LineWord(lo, hi int) bool { return h.lineHas(lo, hi, lineCaller) }

// AnyLineWord reports whether the content holds one of NewPrescanner's
// line words, ignoring ASCII case.
func (h *FileHits) AnyLineWord() bool {
	for _, x := range h.line {
		if h.p.line[x.kw]&lineCaller != 0 {
			return true
		}
	}
	return false
}

// lineHas reports whether content[lo:hi] holds a word of a line class.
func (h *FileHits) lineHas(lo, hi int, class uint8) bool {
	m := h.p.m
	i := sort.Search(len(h.line), func(i int) bool { return h.line[i].start+m.lens[h.line[i].kw] > lo })
	for ; i < len(h.line); i++ {
		x := h.line[i]
		if x.start+m.lens[x.kw] > hi {
			return false
		}
		if x.start >= lo && h.p.line[x.kw]&class != 0 {
			return true
		}
	}
	return false
}

// DetectHits is DetectChecked with the keyword hits of a prescan of
// content by a prescanner of d.
func (d *Detector) DetectHits(path, content string, h *FileHits) []Match {
	if h == nil || h.p == nil || h.p.d != d {
		return d.DetectChecked(path, content)
	}
	hs := d.getHitState()
	defer d.putHitState(hs)
	return d.detect(path, content, hs, h.det)
}
