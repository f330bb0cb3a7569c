package rules

import (
	"encoding/json"
	"strings"
)

// Span is a byte range of a string.
type Span struct{ Start, End int }

// JSONCredentials finds, in a string holding a JSON object or array
// (a request body, a config blob written as a Go literal), the string
// values that hardcoded-credential would report under their keys:
// `{"username":"ops","password":"…"}`. Spans are those of the values'
// text inside s, without the quotes; a value written with escapes spans
// its whole quoted text. Anything that is not valid JSON has none.
func JSONCredentials(names *Names, s string) []Span {
	t := strings.TrimSpace(s)
	if len(t) < 2 || (t[0] != '{' && t[0] != '[') || !strings.Contains(t, `":`) || !json.Valid([]byte(t)) {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	type frame struct{ object, wantKey bool }
	var stack []frame
	var out []Span
	key := ""
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				if top != nil && top.object {
					top.wantKey = true // the container is the value
				}
				stack = append(stack, frame{object: d == '{', wantKey: true})
			} else {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if top == nil || !top.object {
			continue // an array element
		}
		if top.wantKey {
			key, _ = tok.(string)
			top.wantKey = false
			continue
		}
		top.wantKey = true
		v, ok := tok.(string)
		if !ok || !CheckAssignment(names, Candidate{Name: key, Value: v}).Match {
			continue
		}
		end := int(dec.InputOffset())
		q := before + strings.IndexByte(s[before:end], '"')
		if s[q+1:end-1] == v {
			out = append(out, Span{q + 1, end - 1})
		} else {
			out = append(out, Span{q, end}) // escaped: the whole quoted text
		}
	}
}
