package rules

// keywordMatcher is a case-insensitive Aho-Corasick automaton compiled to a
// dense DFA over bytes. It finds every occurrence of every keyword in one
// pass without lowercasing (or copying) the input, which is what gitleaks'
// prefilter spends most of its non-regex time on.
type keywordMatcher struct {
	next    []int32 // state*256 + byte -> state
	outputs [][]int32
	lens    []int // keyword index -> length
}

func newKeywordMatcher(keywords []string) *keywordMatcher {
	type node struct {
		child map[byte]int32
		fail  int32
		out   []int32
	}
	nodes := []node{{child: map[byte]int32{}}}
	lens := make([]int, len(keywords))
	for i, kw := range keywords {
		lens[i] = len(kw)
		s := int32(0)
		for j := 0; j < len(kw); j++ {
			c := lower(kw[j])
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
	m := &keywordMatcher{next: make([]int32, len(nodes)*256), lens: lens}
	queue := []int32{}
	for c := 0; c < 256; c++ {
		if n, ok := nodes[0].child[byte(c)]; ok {
			queue = append(queue, n)
			m.next[c] = n
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[nodes[s].fail].out...)
		for c := 0; c < 256; c++ {
			if n, ok := nodes[s].child[byte(c)]; ok {
				nodes[n].fail = m.next[int(nodes[s].fail)*256+c]
				m.next[int(s)*256+c] = n
				queue = append(queue, n)
			} else {
				m.next[int(s)*256+c] = m.next[int(nodes[s].fail)*256+c]
			}
		}
	}
	// Fold ASCII upper case onto lower case transitions.
	for s := range nodes {
		for c := 'A'; c <= 'Z'; c++ {
			m.next[s*256+int(c)] = m.next[s*256+int(c-'A'+'a')]
		}
	}
	m.outputs = make([][]int32, len(nodes))
	for i := range nodes {
		m.outputs[i] = nodes[i].out
	}
	// Mark transitions into states with outputs by complementing the
	// target, so the scan loop tests one sign bit per byte.
	for i, t := range m.next {
		if len(m.outputs[t]) > 0 {
			m.next[i] = ^t
		}
	}
	return m
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// scan calls hit(keyword, start) for every occurrence, in order of end
// position.
func (m *keywordMatcher) scan(s string, hit func(kw int32, start int)) {
	next := m.next
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = next[int(st)<<8|int(s[i])]
		if st < 0 {
			st = ^st
			for _, k := range m.outputs[st] {
				hit(k, i+1-m.lens[k])
			}
		}
	}
}
