package rules

// keywordMatcher is a case-insensitive Aho-Corasick automaton compiled to a
// dense DFA over byte classes. It finds every occurrence of every keyword
// in one pass without lowercasing (or copying) the input, which is what
// gitleaks' prefilter spends most of its non-regex time on.
//
// The bytes that occur in no keyword share one class (they lead back to
// the root from every state) and an upper-case ASCII letter shares its
// lower-case letter's class, so a row holds a few dozen entries instead of
// 256 and the table of the detector's ~1,300 states stays small enough for
// the L2 cache. States are stored premultiplied by the row width, and a
// transition into a state with outputs is stored complemented, so the
// inner loop is two loads and a sign test per byte.
type keywordMatcher struct {
	cls     [256]uint8
	ncls    int
	trans   []int32   // state*ncls + cls[byte] -> next state*ncls (^ when it has outputs)
	outputs [][]int32 // state -> keywords ending there, longest first
	lens    []int     // keyword index -> length
	maxLen  int
}

// kwHit is one keyword occurrence: the keyword's index and its start.
type kwHit struct {
	start int
	kw    int32
}

func newKeywordMatcher(keywords []string) *keywordMatcher {
	type node struct {
		child map[byte]int32
		fail  int32
		out   []int32
	}
	m := &keywordMatcher{lens: make([]int, len(keywords))}
	// Byte classes: class 0 for bytes in no keyword, one class per lower
	// case byte that occurs, shared with its upper case letter.
	m.ncls = 1
	for _, kw := range keywords {
		for j := 0; j < len(kw); j++ {
			c := lower(kw[j])
			if m.cls[c] == 0 {
				if m.ncls == 256 {
					panic("keywordMatcher: too many byte classes")
				}
				m.cls[c] = uint8(m.ncls)
				m.ncls++
			}
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		m.cls[c] = m.cls[c-'A'+'a']
	}
	nodes := []node{{child: map[byte]int32{}}}
	for i, kw := range keywords {
		m.lens[i] = len(kw)
		m.maxLen = max(m.maxLen, len(kw))
		s := int32(0)
		for j := 0; j < len(kw); j++ {
			c := m.cls[lower(kw[j])]
			n, ok := nodes[s].child[c]
			if !ok {
				n = int32(len(nodes))
				nodes = append(nodes, node{child: map[byte]int32{}})
				nodes[s].child[c] = n
			}
			s = n
		}
		if len(kw) > 0 {
			nodes[s].out = append(nodes[s].out, int32(i))
		}
	}
	// Breadth-first failure links; outputs merged along the failure chain.
	w := m.ncls
	next := make([]int32, len(nodes)*w) // unmultiplied while building
	queue := []int32{}
	for c := 0; c < w; c++ {
		if n, ok := nodes[0].child[byte(c)]; ok {
			queue = append(queue, n)
			next[c] = n
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[nodes[s].fail].out...)
		for c := 0; c < w; c++ {
			if n, ok := nodes[s].child[byte(c)]; ok {
				nodes[n].fail = next[int(nodes[s].fail)*w+c]
				next[int(s)*w+c] = n
				queue = append(queue, n)
			} else {
				next[int(s)*w+c] = next[int(nodes[s].fail)*w+c]
			}
		}
	}
	m.outputs = make([][]int32, len(nodes))
	for i := range nodes {
		m.outputs[i] = nodes[i].out
	}
	if len(nodes)*w > 1<<31-1 {
		panic("keywordMatcher: automaton too large")
	}
	// Premultiply, and mark transitions into states with outputs by
	// complementing the target, so the scan loop tests one sign bit per
	// byte.
	m.trans = next
	for i, t := range next {
		v := t * int32(w)
		if len(m.outputs[t]) > 0 {
			v = ^v
		}
		m.trans[i] = v
	}
	return m
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// each calls hit(keyword, start) for every occurrence, in order of end
// position (the longer keyword first for one end); hit returns false to
// stop.
func (m *keywordMatcher) each(s string, hit func(kw int32, start int) bool) {
	trans, cls, w := m.trans, &m.cls, m.ncls
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = trans[int(st)+int(cls[s[i]])]
		if st < 0 {
			st = ^st
			for _, k := range m.outputs[int(st)/w] {
				if !hit(k, i+1-m.lens[k]) {
					return
				}
			}
		}
	}
}

// findAll appends every occurrence to out, in the order each reports
// them, and returns it. scratch holds buffers reused between calls.
//
// A long input is searched as four interleaved streams over its quarters:
// a DFA's speed is bound by the latency of its dependent table loads, and
// four independent chains keep the processor busy. A stream starts maxLen
// bytes before its quarter: an Aho-Corasick state depends only on the last
// maxLen bytes read, so from its quarter's first byte on each stream is
// in the state one pass over the whole input would be in, and reports the
// same occurrences; those ending before its quarter are the previous
// stream's.
func (m *keywordMatcher) findAll(s string, out []kwHit, scratch *[3][]kwHit) []kwHit {
	L := m.maxLen
	if len(s) < 4*L+1024 || L == 0 {
		m.each(s, func(kw int32, start int) bool {
			out = append(out, kwHit{start: start, kw: kw})
			return true
		})
		return out
	}
	trans, cls, w := m.trans, &m.cls, m.ncls
	q := len(s) / 4
	bases := [4]int{0, q - L, 2*q - L, 3*q - L}
	s0, s1, s2, s3 := s[:q], s[q-L:2*q], s[2*q-L:3*q], s[3*q-L:]
	b1, b2, b3 := scratch[0][:0], scratch[1][:0], scratch[2][:0]
	emit := func(buf []kwHit, st int32, end int) []kwHit {
		for _, k := range m.outputs[int(st)/w] {
			buf = append(buf, kwHit{start: end - m.lens[k], kw: k})
		}
		return buf
	}
	var t0, t1, t2, t3 int32
	n := len(s0)
	_, _, _ = s1[n-1], s2[n-1], s3[n-1]
	for i := 0; i < n; i++ {
		t0 = trans[int(t0)+int(cls[s0[i]])]
		t1 = trans[int(t1)+int(cls[s1[i]])]
		t2 = trans[int(t2)+int(cls[s2[i]])]
		t3 = trans[int(t3)+int(cls[s3[i]])]
		if t0|t1|t2|t3 < 0 {
			if t0 < 0 {
				t0 = ^t0
				out = emit(out, t0, i+1)
			}
			// Streams 1-3 report only occurrences ending inside their
			// quarter (local end > L).
			if t1 < 0 {
				t1 = ^t1
				if i >= L {
					b1 = emit(b1, t1, bases[1]+i+1)
				}
			}
			if t2 < 0 {
				t2 = ^t2
				if i >= L {
					b2 = emit(b2, t2, bases[2]+i+1)
				}
			}
			if t3 < 0 {
				t3 = ^t3
				if i >= L {
					b3 = emit(b3, t3, bases[3]+i+1)
				}
			}
		}
	}
	// The tails of streams 1-3 (n >= L, so every end here counts).
	tail := func(buf []kwHit, str string, st int32, base int) []kwHit {
		for i := n; i < len(str); i++ {
			st = trans[int(st)+int(cls[str[i]])]
			if st < 0 {
				st = ^st
				buf = emit(buf, st, base+i+1)
			}
		}
		return buf
	}
	b1 = tail(b1, s1, t1, bases[1])
	b2 = tail(b2, s2, t2, bases[2])
	b3 = tail(b3, s3, t3, bases[3])
	out = append(append(append(out, b1...), b2...), b3...)
	scratch[0], scratch[1], scratch[2] = b1, b2, b3
	return out
}
