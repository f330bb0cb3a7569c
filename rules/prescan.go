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
	cli   []bool   // word is a command-line password hint
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
	cli     []kwHit // kw: the word, for its end
	marks   uint64  // markers found
	scratch [3][]kwHit
}

// NewPrescanner returns a prescanner for a detector (nil when provider
// rules are off), the fragments of a name matcher (Names.Fragments) and
// up to 64 markers, strings whose presence a scanner checks before a
// search of its own (FileHits.Marked).
func NewPrescanner(d *Detector, frags, markers []string) *Prescanner {
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
			p.cli = append(p.cli, false)
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
		p.cli[i] = true
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
		if p.cli[x.kw] {
			h.cli = append(h.cli, x)
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
	h.all, h.det, h.frag, h.fragEnd, h.cli, h.marks = h.all[:0], h.det[:0], h.frag[:0], h.fragEnd[:0], h.cli[:0], 0
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
func (h *FileHits) CLIHint(lo, hi int) bool {
	m := h.p.m
	i := sort.Search(len(h.cli), func(i int) bool { return h.cli[i].start+m.lens[h.cli[i].kw] > lo })
	for ; i < len(h.cli); i++ {
		x := h.cli[i]
		end := x.start + m.lens[x.kw]
		if end > hi {
			return false
		}
		if x.start >= lo {
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
