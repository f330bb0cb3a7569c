package remediate

import (
	"errors"
	"strings"
)

// propLine is one logical line of a java.util.Properties file that holds a
// property: its key and value as written (escapes not decoded), and where
// they are.
type propLine struct {
	start, end         int // the logical line, without its terminator
	keyStart, keyEnd   int
	valStart, valEnd   int
	key, value         string
	continued, escaped bool // spans several lines; has a backslash
}

// parseProperties splits content into property lines the way
// java.util.Properties.load does: comment (# or !) and blank lines are
// skipped; a line ending in an odd number of backslashes continues on the
// next; the key ends at the first unescaped '=', ':' or white space, then
// white space, one optional '=' or ':' and white space separate it from
// the value, which runs to the end of the logical line.
func parseProperties(content []byte) []propLine {
	var out []propLine
	n := len(content)
	i := 0
	isWS := func(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }
	lineEnd := func(i int) int {
		for i < n && content[i] != '\n' && content[i] != '\r' {
			i++
		}
		return i
	}
	nextLine := func(e int) int {
		if e < n && content[e] == '\r' && e+1 < n && content[e+1] == '\n' {
			return e + 2
		}
		return min(e+1, n+1)
	}
	for i < n {
		s := i
		for s < n && isWS(content[s]) {
			s++
		}
		e := lineEnd(s)
		if s == e || content[s] == '#' || content[s] == '!' {
			i = nextLine(e)
			continue
		}
		pl := propLine{start: s}
		// The logical line: physical lines joined while one ends in an odd
		// number of backslashes.
		for {
			bs := 0
			for j := e - 1; j >= s && content[j] == '\\'; j-- {
				bs++
			}
			if bs%2 == 0 || e >= n {
				break
			}
			pl.continued = true
			e = lineEnd(nextLine(e))
		}
		pl.end = e
		// Key.
		k := s
		for k < e {
			c := content[k]
			if c == '\\' {
				k += 2
				continue
			}
			if c == '=' || c == ':' || isWS(c) {
				break
			}
			k++
		}
		k = min(k, e)
		pl.keyStart, pl.keyEnd = s, k
		v := k
		for v < e && isWS(content[v]) {
			v++
		}
		if v < e && (content[v] == '=' || content[v] == ':') {
			v++
		}
		for v < e && isWS(content[v]) {
			v++
		}
		pl.valStart, pl.valEnd = v, e
		pl.key, pl.value = string(content[s:k]), string(content[v:e])
		pl.escaped = strings.Contains(string(content[s:e]), `\`)
		out = append(out, pl)
		i = nextLine(e)
	}
	return out
}

// propertyAt returns the property line that holds offset.
func propertyAt(content []byte, offset int) (propLine, bool) {
	for _, pl := range parseProperties(content) {
		if pl.start <= offset && offset < max(pl.end, pl.start+1) {
			return pl, true
		}
	}
	return propLine{}, false
}

// analyseProperties is the analysis of a .properties file: each request
// replaces the value of a property, or the secret part of it, or drops
// the default of a ${NAME:default} placeholder around it. Values written
// with escapes or across lines are left alone (their bytes are not the
// value), and so is non-ASCII text (Properties.load reads ISO-8859-1, an
// application may read UTF-8). The rewritten file must have the same
// properties with only the edited values changed, as intended.
func analyseProperties(content []byte, reqs []*editRequest) (edits []*yamlEdit, rejected map[*editRequest]string, after []byte) {
	rejected = map[*editRequest]string{}
	lines := parseProperties(content)
	edits = planEach(reqs, rejected, func(r *editRequest) (*yamlEdit, error) {
		return planProperty(content, lines, r)
	})
	if len(edits) == 0 {
		return nil, rejected, content
	}
	after = applyYAMLEdits(content, edits)
	if err := sameProperties(lines, parseProperties(after), edits, content); err != nil {
		for _, e := range edits {
			rejected[e.req] = err.Error()
		}
		return nil, rejected, content
	}
	return edits, rejected, after
}

// planProperty turns one request into an edit of a property's value.
func planProperty(content []byte, lines []propLine, r *editRequest) (*yamlEdit, error) {
	if r.offset < 0 || r.end > len(content) || r.offset >= r.end {
		return nil, errors.New("the finding's position is outside the file")
	}
	var pl *propLine
	for i := range lines {
		if lines[i].valStart <= r.offset && r.end <= lines[i].valEnd {
			pl = &lines[i]
		}
	}
	switch {
	case pl == nil:
		return nil, errors.New("the value is not a property's value")
	case pl.continued:
		return nil, errors.New("the property is continued over several lines (a backslash at the end of a line); join it into one line first")
	case pl.escaped:
		return nil, errors.New("the property is written with backslash escapes, so its bytes are not its value")
	case strings.IndexFunc(pl.value, func(c rune) bool { return c > 0x7e || c < 0x20 && c != '\t' }) >= 0:
		return nil, errors.New("the value holds non-ASCII text, which Properties.load and Spring may read differently")
	}
	vs, ve, ok := valueBounds(content, r)
	if !ok || vs < pl.valStart || ve > pl.valEnd {
		return nil, errSpelling
	}
	if r.interpDefault {
		if r.render == nil {
			return nil, errSpelling
		}
		m := springDefaultStart.FindIndex(content[pl.valStart:vs])
		if m == nil || ve >= pl.valEnd || content[ve] != '}' {
			return nil, errors.New("could not find the ${NAME:default} placeholder around the value")
		}
		es, ee := pl.valStart+m[0], ve+1
		name := string(content[es+2 : vs-1])
		r.envVar = strings.NewReplacer(".", "_", "-", "_").Replace(name)
		repl := r.render(r.envVar)
		return &yamlEdit{
			req: r, Offset: es, End: ee, Replacement: repl,
			Spelling: Spelling{Prefix: string(content[es:vs]), Suffix: string(content[ve:ee])},
		}, nil
	}
	if r.dropDefault || r.replace == "" || strings.ContainsAny(r.replace, "\\\n\r") {
		return nil, errors.New("the reference cannot be written in a .properties value")
	}
	if (vs != pl.valStart || ve != pl.valEnd) && !r.inner {
		return nil, errPartial
	}
	return &yamlEdit{req: r, Offset: vs, End: ve, Replacement: cmpOr(r.innerReplace, r.replace, vs != pl.valStart || ve != pl.valEnd)}, nil
}

// cmpOr returns inner when partial and it is set, else whole.
func cmpOr(inner, whole string, partial bool) string {
	if partial && inner != "" {
		return inner
	}
	return whole
}

// sameProperties checks that after has the properties of before, the
// edited values changed exactly by their edits and nothing else.
func sameProperties(before, after []propLine, edits []*yamlEdit, content []byte) error {
	if len(before) != len(after) {
		return errors.New("the rewrite would change the properties of the file")
	}
	for i, b := range before {
		want := b.value
		var parts []string
		last := b.valStart
		for _, e := range edits {
			if e.Offset >= b.valStart && e.End <= b.valEnd {
				parts = append(parts, string(content[last:e.Offset]), e.Replacement)
				last = e.End
			}
		}
		if parts != nil {
			want = strings.Join(parts, "") + string(content[last:b.valEnd])
		}
		a := after[i]
		if a.key != b.key || a.value != want || a.continued != b.continued {
			return errors.New("the rewritten property would not read back as the reference")
		}
	}
	return nil
}
