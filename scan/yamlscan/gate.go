package yamlscan

import (
	"bytes"
	"slices"
	"strings"
)

// NameGate decides from the bytes of a YAML file alone, before any parse,
// whether a secret name written at a given place can lead to a finding:
// of this package's walk when the file is YAML, of the line scanner when
// it is not (the caller's fallback). The caller finds the secret names; the
// gate looks only at where each one is written. A name is harmless when it
// is
//
//   - a block mapping key whose value cannot be judged: true, false, null,
//     ~, an empty quoted string, {}, [], nothing, or a nested block
//     mapping none of whose keys is a value key (value, default …: judged
//     under the parent's name);
//   - or a key (also one with spaces, also in prose: "set `token: x`")
//     whose one-line value the Judge rejects under the key and under the
//     line scanner's name, in a file without a Kubernetes Secret or an
//     AWS::SecretsManager resource (other rules judge their values);
//   - or prose: a word inside the value of a key other than kind, type and
//     name (a name beside a value key is judged with it), on a
//     continuation line or in a comment, on a line without ${, {{ or
//     env_var, not followed by =, not a --flag, not inside a {{ … }}
//     action opened on an earlier line, in a file without a name: key
//     whose value spans several lines; inside a one-line flow collection,
//     not the value of a name key.
//
// Anything else (a sequence or a block scalar under a secret key,
// multi-line flow collections, anchors, tags, KEY=value, --flags, complex
// keys) matters, and the file is parsed. A line with a tab is left to the
// parser too. checkYAMLGate (package scan's tests and FuzzPrefilter)
// checks that a file whose every name is harmless yields no finding.
type NameGate struct {
	// Judge, when set, is the walk's decision on a scalar written under
	// a name (judge.Judge.Assignment): a secret-named key whose value is
	// a one-line scalar the line scanner reads alike then matters only
	// when Judge says so.
	Judge func(name, value string) bool
	src   []byte
	// Facts about the whole file, computed when first needed (0 unknown,
	// 1 yes, -1 no): multiName, a name: key whose value may span lines;
	// special, a Kubernetes Secret or an AWS::SecretsManager resource,
	// whose values other rules judge.
	multiName, special int8
	// opens and closes are the offsets of every {{ and }}.
	opens, closes []int
	actionsDone   bool
}

// NewNameGate returns the gate for src.
func NewNameGate(src []byte) *NameGate { return &NameGate{src: src} }

// Matters reports whether the secret name written at src[a:b] (on one
// line) can lead to a finding.
func (g *NameGate) Matters(a, b int) bool {
	src := g.src
	ls := bytes.LastIndexByte(src[:a], '\n') + 1
	le := len(src)
	if i := bytes.IndexByte(src[b:], '\n'); i >= 0 {
		le = b + i
	}
	if le > ls && src[le-1] == '\r' {
		le--
	}
	if b > le {
		return true // not one line
	}
	line := src[ls:le]
	if bytes.IndexByte(line, '\t') >= 0 || bytes.Contains(line, []byte("{{")) || bytes.Contains(line, []byte("${")) ||
		bytes.Contains(line, []byte("env_var")) {
		return true
	}
	if a > ls && src[a-1] == '<' || b < le && src[b] == '>' {
		return true // <password>…</password>
	}
	// The text after indentation and "- " sequence entries.
	t := ls + skipEntries(line)
	if i := bytes.IndexByte(src[a:b], ':'); i >= 0 && (a+i+1 == b || src[a+i+1] == ' ') &&
		bytes.IndexByte(line, '"') < 0 && bytes.IndexByte(line, '\'') < 0 {
		// Two runs joined across "key: value": outside quotes no scalar
		// holds ": ", so no key or name is both.
		return g.hasMultiName()
	}
	if k, ok := g.blockKey(t, le, a, b); ok {
		return g.keyMatters(t, k, le)
	}
	return g.proseMatters(t, le, a, b)
}

// skipEntries returns the length of the indentation and "- " entry
// indicators that start line.
func skipEntries(line []byte) int {
	i := 0
	for {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i < len(line) && line[i] == '-' && (i+1 == len(line) || line[i+1] == ' ') {
			i++
			continue
		}
		return i
	}
}

// blockKey reports whether the name at [a, b) is the whole key of a block
// mapping entry whose key starts at t (after the indentation); it returns
// the offset just past the ':'.
func (g *NameGate) blockKey(t, le, a, b int) (int, bool) {
	src := g.src
	if t >= le || a > t+1 {
		return 0, false
	}
	q := byte(0)
	if c := src[t]; c == '"' || c == '\'' {
		q = c
		if a != t+1 {
			return 0, false
		}
	} else if a > t || indicator(c) {
		return 0, false
	}
	i := b
	if q != 0 {
		if i >= le || src[i] != q {
			return 0, false
		}
		i++
	}
	for i < le && src[i] == ' ' {
		i++
	}
	if i >= le || src[i] != ':' || i+1 < le && src[i+1] != ' ' {
		return 0, false
	}
	return i + 1, true
}

// indicator reports whether c cannot start a plain key or a plain prose
// scalar: YAML's indicators (flow collections, anchors, aliases, tags,
// block scalars, directives, reserved) and '-', which starts a flag.
func indicator(c byte) bool {
	return strings.IndexByte("-?:,[]{}#&*!|>%@`", c) >= 0
}

// keyMatters judges a secret-named block key that starts at t and whose
// ':' ends at v.
func (g *NameGate) keyMatters(t, v, le int) bool {
	raw := bytes.TrimLeft(g.src[v:le], " ")
	val := bytes.TrimRight(raw, " ")
	if i := bytes.Index(val, []byte(" #")); i >= 0 {
		val = bytes.TrimRight(val[:i], " ")
	}
	col := t - lineStart(g.src, t)
	if len(val) > 0 && val[0] == '#' {
		// A comment to YAML; the line scanner, should the file not be
		// YAML, reads a value there.
		if g.textValueMatters(t, val) {
			return true
		}
		val = nil
	}
	switch string(val) {
	case "true", "false", "True", "False", "TRUE", "FALSE", "null", "Null", "NULL", "~", `""`, "''", "{}", "[]":
		return false // not a literal: nothing to judge
	case "":
		return g.nestedMatters(col, le)
	}
	if g.Judge == nil {
		return true
	}
	if g.hasSpecial() {
		return true
	}
	value, quoted, ok := simpleValue(raw)
	var values [][]byte
	switch {
	case ok:
		values = [][]byte{value}
	case indicator(raw[0]) || raw[0] == '"' || raw[0] == '\'' || bytes.IndexByte(raw, '=') >= 0:
		return true // a collection, an anchor, a tag, an escape, an assignment
	default:
		// A plain scalar of other bytes: to a comment for YAML; to a
		// comment or ; and without trailing , ; for the line scanner.
		yv := raw
		if i := bytes.Index(yv, []byte(" #")); i >= 0 {
			yv = yv[:i]
		}
		values = [][]byte{bytes.TrimRight(yv, " ")}
		tv := raw
		for j := 1; j < len(tv); j++ {
			if (tv[j] == '#' || tv[j] == ';') && tv[j-1] == ' ' {
				tv = tv[:j]
				break
			}
		}
		values = append(values, bytes.TrimRight(tv, " ,;"))
	}
	if !quoted {
		// A deeper line would continue the plain scalar.
		if ind, _, _, tab, ok := g.nextLine(le); ok && (tab || ind > col) {
			return true
		}
	}
	key, _, _ := plainKey(g.src[t:le])
	// The line scanner's name is the run of name bytes before the ':'.
	word := key[len(bytes.TrimRightFunc(key, func(r rune) bool { return r < 0x80 && keyByte(byte(r)) })):]
	for _, v := range values {
		if g.Judge(string(key), string(v)) || len(word) < len(key) && g.Judge(string(word), string(v)) {
			return true
		}
	}
	return false
}

// textValueMatters reports whether the line scanner could judge val (the
// rest of the line after the key's ':' at t) a secret under the key:
// up to a comment or ;, without trailing , and ;.
func (g *NameGate) textValueMatters(t int, val []byte) bool {
	key, _, _ := plainKey(g.src[t:])
	if g.Judge == nil || len(key) == 0 {
		return true
	}
	for _, c := range key {
		if !keyByte(c) {
			return true
		}
	}
	for j := 1; j < len(val); j++ {
		if (val[j] == '#' || val[j] == ';') && val[j-1] == ' ' {
			val = val[:j]
			break
		}
	}
	val = bytes.TrimRight(val, " ,;")
	return bytes.IndexByte(val, '=') >= 0 || g.Judge(string(key), string(val))
}

// simpleValue reads the value after a key's ':' (raw, to the end of the
// line) when the walk and the line scanner read it alike: a plain scalar
// of letters, digits and _-./+~@()^? (a ':' only inside a word), or a
// quoted one without escapes, each optionally followed by a comment.
func simpleValue(raw []byte) (value []byte, quoted, ok bool) {
	if len(raw) == 0 {
		return nil, false, false
	}
	if q := raw[0]; q == '"' || q == '\'' {
		j := bytes.IndexByte(raw[1:], q)
		if j < 0 {
			return nil, false, false
		}
		inner, rest := raw[1:1+j], raw[2+j:]
		if q == '"' && bytes.IndexByte(inner, '\\') >= 0 || len(rest) > 0 && rest[0] == q {
			return nil, false, false // an escape, or '' inside single quotes
		}
		if r := bytes.TrimLeft(rest, " "); len(r) > 0 && (rest[0] != ' ' || r[0] != '#') {
			return nil, false, false // more than a comment after it
		}
		return inner, true, true
	}
	v := raw
	if i := bytes.Index(v, []byte(" #")); i >= 0 {
		v = v[:i]
	}
	v = bytes.TrimRight(v, " ")
	if len(v) == 0 || indicator(v[0]) {
		return nil, false, false
	}
	for i, c := range v {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c >= 0x80:
		case strings.IndexByte("_-./+~@()^?", c) >= 0:
		case c == ' ':
		case c == ':' && i+1 < len(v) && v[i+1] != ' ':
		default:
			return nil, false, false
		}
	}
	return v, false, true
}

func lineStart(src []byte, off int) int { return bytes.LastIndexByte(src[:off], '\n') + 1 }

// nextLine returns the indentation and content (without trailing blanks)
// of the next line after the one ending at le that is neither blank nor a
// comment, the end of that line, and ok false at the end of the file. tab
// is true when its indentation holds a tab.
func (g *NameGate) nextLine(le int) (ind int, text []byte, end int, tab, ok bool) {
	src := g.src
	for le < len(src) {
		s := le + 1
		e := len(src)
		if i := bytes.IndexByte(src[s:], '\n'); i >= 0 {
			e = s + i
		}
		le = e
		line := bytes.TrimRight(src[s:e], " \t\r")
		ind = 0
		for ind < len(line) && (line[ind] == ' ' || line[ind] == '\t') {
			if line[ind] == '\t' {
				tab = true
			}
			ind++
		}
		if ind == len(line) || line[ind] == '#' {
			tab = false
			continue
		}
		return ind, line[ind:], e, tab, true
	}
	return 0, nil, le, false, false
}

// nextStructLine is nextLine skipping the lines that are a template
// action ({{ if … }}, {% for … %}): text between the YAML lines of a
// template, and no line of YAML.
func (g *NameGate) nextStructLine(le int) (ind int, text []byte, end int, tab, ok bool) {
	for {
		ind, text, end, tab, ok = g.nextLine(le)
		if !ok || !bytes.HasPrefix(text, []byte("{{")) && !bytes.HasPrefix(text, []byte("{%")) {
			return
		}
		le = end
	}
}

// valueKeys: keys whose value is judged under the name of the mapping
// they are in (the walker's valueKeys).
func isValueKey(k []byte) bool { return valueKeys[strings.ToLower(string(k))] }

// nestedMatters judges what follows a secret-named key with no value on
// its line (the key at column col): null, a nested mapping without value
// keys (harmless), or a sequence, scalar or anything else (matters).
func (g *NameGate) nestedMatters(col, le int) bool {
	ind, text, end, tab, ok := g.nextStructLine(le)
	switch {
	case !ok:
		return false
	case tab:
		return true
	case ind < col, ind == col && !entry(text):
		return false // null
	case ind == col || entry(text):
		return true // a sequence under the name
	}
	child := ind
	for {
		k, _, isKey := plainKey(text)
		if !isKey || isValueKey(k) {
			return true
		}
		for {
			if ind, text, end, tab, ok = g.nextStructLine(end); !ok {
				return false
			}
			if tab {
				return true
			}
			if ind <= col {
				return false
			}
			if ind < child {
				return true
			}
			if ind == child && !entry(text) {
				break // the next key (an entry here is a child's compact sequence)
			}
		}
	}
}

// entry reports whether a line's text starts a block sequence entry.
func entry(text []byte) bool {
	return len(text) > 0 && text[0] == '-' && (len(text) == 1 || text[1] == ' ')
}

// plainKey reads the key of a block mapping entry "key: …" (or
// "'key': …") at the start of text; colon is the offset of its ':'.
func plainKey(text []byte) (key []byte, colon int, ok bool) {
	if len(text) == 0 {
		return nil, 0, false
	}
	var k []byte
	i := 0
	if q := text[0]; q == '"' || q == '\'' {
		j := bytes.IndexByte(text[1:], q)
		if j < 0 {
			return nil, 0, false
		}
		k = text[1 : 1+j]
		if bytes.IndexByte(k, '\\') >= 0 || q == '\'' && 2+j < len(text) && text[2+j] == '\'' {
			return nil, 0, false
		}
		i = 2 + j
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i >= len(text) || text[i] != ':' {
			return nil, 0, false
		}
	} else {
		if indicator(text[0]) {
			return nil, 0, false
		}
		for i < len(text) && (text[i] != ':' || i+1 < len(text) && text[i+1] != ' ') {
			if c := text[i]; c == '#' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == '\'' {
				return nil, 0, false
			}
			i++
		}
		if i >= len(text) {
			return nil, 0, false
		}
		k = bytes.TrimRight(text[:i], " ")
	}
	if i+1 < len(text) && text[i+1] != ' ' {
		return nil, 0, false
	}
	return k, i, true
}

// proseMatters judges a name that is not a block key: a word in a value,
// on a continuation line or in a comment. t is where the line's text
// starts (after indentation and entry indicators).
func (g *NameGate) proseMatters(t, le, a, b int) bool {
	src := g.src
	ls := lineStart(src, t)
	text := src[t:le]
	if len(text) == 0 {
		return true
	}
	if text[0] != '#' {
		if bytes.HasPrefix(text, []byte("name:")) && len(text) > 5 && text[5] != ' ' && g.nextAssigns(le) {
			return true // the line scanner's "- name:X" before "value: …"
		}
		if k, colon, ok := plainKey(text); ok {
			if a < t+colon+1 {
				return g.keyMatters(t, t+colon+1, le) // a name inside a key
			}
			val := bytes.TrimSpace(text[colon+1:])
			switch strings.ToLower(string(k)) {
			case "name":
				if g.envName(t, le) {
					return true // an env entry's name: its value is judged under it
				}
			case "kind":
				if bytes.Contains(val, []byte("Secret")) {
					return true
				}
			case "type":
				if bytes.Contains(val, []byte("AWS::")) {
					return true
				}
			}
			text = text[colon+1:]
		}
		start := bytes.TrimLeft(text, " ")
		start = start[skipProperties(start, 0):] // &anchor, !tag
		quoted := len(start) > 0 && (start[0] == '"' || start[0] == '\'')
		if len(start) > 0 {
			c := start[0]
			if quoted && len(start) > 1 {
				c = start[1]
			}
			if c == '-' && (flagToken(start) || bytes.IndexByte(start, ',') >= 0) {
				return true // --password: the next entry is its value
			}
			if !quoted && strings.IndexByte("?:,]}", c) >= 0 {
				return true // a complex key
			}
			if !quoted && (c == '[' || c == '{') && g.flowMatters(ls, le, a, b) {
				return true
			}
		}
	}
	// A comment line is skipped by the line scanner too (a "- # …" line is
	// not).
	comment := text[0] == '#' && t == ls+indentOf(src[ls:le])
	if !comment && g.assignMatters(t, le, a, b) {
		return true // password=…, "password": …, a flow mapping's key
	}
	return g.inAction(a) || g.hasMultiName()
}

// flowMatters judges a name inside a flow collection that starts the
// value on its line (ls, le): it matters when the collection does not
// close on the line or holds quotes (no line reading to trust), when it is
// a --flag (the next item is its value) or the value of a name key (an env
// entry); a key of the collection is judged by assignMatters.
func (g *NameGate) flowMatters(ls, le, a, b int) bool {
	line := g.src[ls:le]
	if !balanced(line) || bytes.ContainsAny(line, "\"'") {
		return true
	}
	if w := bytes.TrimLeft(g.src[a:b], " "); len(w) > 0 && w[0] == '-' {
		return true
	}
	j := a - 1
	for j >= ls && strings.IndexByte(":,{[", g.src[j]) < 0 {
		j--
	}
	if j < ls || g.src[j] != ':' {
		return false // a key or an item
	}
	k := j - 1
	for k >= ls && strings.IndexByte(",{[", g.src[k]) < 0 {
		k--
	}
	return strings.EqualFold(string(bytes.TrimSpace(g.src[k+1:j])), "name")
}

// assignMatters reports whether the name at [a, b), on the line of text t
// ending at le, is assigned a value that can be judged a secret: any =
// (KEY=value, password = …), or a key's ':' whose value the Judge accepts
// under the name, as the line scanner reads it (the run of name bytes
// before the ':', the value to a comment) or as a YAML key (the text of
// the line to the ':'). Without a Judge, or for a value that is empty or
// on another line, any ':' matters.
func (g *NameGate) assignMatters(t, le, a, b int) bool {
	op := g.assigned(b)
	if op < 0 {
		return false
	}
	src := g.src
	if src[op] == '=' || g.Judge == nil || op >= le || g.hasSpecial() {
		return true
	}
	n := b
	for n > a && !keyByte(src[n-1]) {
		n--
	}
	m := n
	for m > a && keyByte(src[m-1]) {
		m--
	}
	name := src[m:n]
	raw := bytes.TrimLeft(src[op+1:le], " ")
	yv := raw
	if i := bytes.Index(yv, []byte(" #")); i >= 0 {
		yv = yv[:i]
	}
	yv = bytes.TrimRight(yv, " ")
	tv := raw
	if len(tv) > 0 && (tv[0] == '"' || tv[0] == '\'') {
		e := bytes.IndexByte(tv[1:], tv[0])
		if e < 0 {
			return true
		}
		tv = tv[1 : 1+e]
	} else {
		for j := 1; j < len(tv); j++ {
			if (tv[j] == '#' || tv[j] == ';') && tv[j-1] == ' ' {
				tv = tv[:j]
				break
			}
		}
		tv = bytes.TrimRight(tv, " ,;")
	}
	if len(yv) == 0 || len(tv) == 0 || len(name) == 0 {
		return true
	}
	key := bytes.TrimSpace(src[t:op])
	return g.Judge(string(name), string(tv)) || g.Judge(string(name), string(yv)) || g.Judge(string(key), string(yv))
}

// assigned returns the offset of the assignment operator that follows
// the name ending at b, or -1: = (KEY=value, password = …, also folded
// across a line break) or a ':' that ends a key (followed by a blank, a
// quote, = or the end of the line), after blanks and one closing quote, +
// or ?.
func (g *NameGate) assigned(b int) int {
	src := g.src
	j := b
	blanks := func(nl bool) {
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || nl && (src[j] == '\r' || src[j] == '\n')) {
			j++
		}
	}
	blanks(true)
	if j < len(src) && strings.IndexByte("\"'+?", src[j]) >= 0 {
		j++
		blanks(false)
	}
	if j >= len(src) {
		return -1
	}
	switch src[j] {
	case '=':
		return j
	case ':':
		if j+1 == len(src) || strings.IndexByte(" \t\r\n\"'=", src[j+1]) >= 0 {
			return j
		}
	}
	return -1
}

// envName reports whether the name: key whose text starts at t (line
// ending at le) may name its entry's value: the walk's Kubernetes env
// entries ({name, value}, any case), or the line scanner's "- name: X" and
// "value:" on the next line. A value beside it matters unless both are
// one-line scalars and the Judge rejects the value under the name.
func (g *NameGate) envName(t, le int) bool {
	src := g.src
	ls := lineStart(src, t)
	col := t - ls
	_, colon, _ := plainKey(src[t:le])
	name, _, nameOK := simpleValue(bytes.TrimLeft(src[t+colon+1:le], " "))
	// judged reports whether the value key whose text is vt (its line
	// ending at ve, the key at column vc) can hold a finding under name.
	judged := func(vt []byte, ve, vc int) bool {
		if g.Judge == nil || !nameOK || g.hasSpecial() {
			return true
		}
		_, c, _ := plainKey(vt)
		v, quoted, ok := simpleValue(bytes.TrimLeft(vt[c+1:], " "))
		if !ok {
			return true
		}
		if !quoted {
			if ind, _, _, tab, ok := g.nextLine(ve); ok && (tab || ind > vc) {
				return true
			}
		}
		return g.Judge(string(name), string(v))
	}
	// The line scanner's next line.
	if next, ne := g.physNext(le); next != nil {
		if assignsTo(next, "value") || assignsTo(next, "default") {
			c := skipEntries(next)
			k, _, ok := plainKey(next[c:])
			if !ok || !strings.EqualFold(string(k), "value") && string(k) != "default" || bytes.IndexByte(next, '\t') >= 0 ||
				judged(next[c:], ne, c) {
				return true
			}
		}
	}
	isValue := func(text []byte) (value, ok bool) {
		k, _, ok := plainKey(text)
		return ok && strings.EqualFold(string(k), "value"), ok
	}
	// The keys after it in its mapping.
	for end := le; ; {
		ind, text, e, tab, ok := g.nextLine(end)
		if !ok || ind < col {
			break
		}
		if tab {
			return true
		}
		if ind == col && !entry(text) {
			if v, ok := isValue(text); !ok || v && judged(text, e, ind) {
				return true
			}
		}
		end = e
	}
	// And before it, up to the entry that starts the mapping.
	if pre := bytes.TrimRight(src[ls:t], " "); len(pre) > 0 && pre[len(pre)-1] == '-' {
		return false // the entry's first key
	}
	for s := ls; s > 0; {
		pe := s - 1
		s = lineStart(src, pe)
		line := bytes.TrimRight(src[s:pe], " \r")
		if bytes.IndexByte(line, '\t') >= 0 {
			return true
		}
		c := skipEntries(line)
		if c == len(line) || line[c] == '#' {
			continue
		}
		if c < col {
			break
		}
		if c > col {
			continue
		}
		if v, ok := isValue(line[c:]); !ok || v && judged(line[c:], pe, c) {
			return true
		}
		if c > indentOf(line) {
			break // this line starts the entry
		}
	}
	return false
}

// physNext returns the line after the one ending at le, blank or not,
// and its end (nil at the end of the file).
func (g *NameGate) physNext(le int) ([]byte, int) {
	src := g.src
	if le >= len(src) {
		return nil, le
	}
	ns := le + 1
	ne := len(src)
	if i := bytes.IndexByte(src[ns:], '\n'); i >= 0 {
		ne = ns + i
	}
	return bytes.TrimRight(src[ns:ne], " \r"), ne
}

// nextAssigns reports whether the line after the one ending at le
// assigns to value or default.
func (g *NameGate) nextAssigns(le int) bool {
	next, _ := g.physNext(le)
	return assignsTo(next, "value") || assignsTo(next, "default")
}

// assignsTo reports whether line assigns to the word (any case): the word
// not inside a longer name, then = or :, after blanks and a closing quote
// (the line scanner's assignment to it).
func assignsTo(line []byte, word string) bool {
	for off := 0; ; {
		i := indexFold(line[off:], word)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		if i > 0 && keyByte(line[i-1]) {
			continue
		}
		j := i + len(word)
		if j < len(line) && keyByte(line[j]) {
			continue
		}
		for j < len(line) && (line[j] == ' ' || line[j] == '\t' || line[j] == '"' || line[j] == '\'' || line[j] == '+' || line[j] == '?') {
			j++
		}
		if j < len(line) && (line[j] == '=' || line[j] == ':') {
			return true
		}
	}
}

// hasSpecial reports whether the file may hold a Kubernetes Secret (kind:
// Secret) or an AWS::SecretsManager resource, whose values the walk judges
// with their own rules.
func (g *NameGate) hasSpecial() bool {
	return fact(&g.special, func() bool { return bytes.Contains(g.src, []byte("SecretsManager")) || g.kindSecret() })
}

// fact returns the file fact *v, computing it with f when unknown.
func fact(v *int8, f func() bool) bool {
	if *v == 0 {
		*v = -1
		if f() {
			*v = 1
		}
	}
	return *v > 0
}

func (g *NameGate) kindSecret() bool {
	src := g.src
	for off := 0; off < len(src); {
		i := indexFold(src[off:], "kind")
		if i < 0 {
			return false
		}
		j := off + i + 4
		off = j
		for j < len(src) && (src[j] == ' ' || src[j] == '"' || src[j] == '\'' || src[j] == ':') {
			j++
		}
		if bytes.HasPrefix(src[j:], []byte("Secret")) {
			return true
		}
	}
	return false
}

// flagToken reports whether text (a line's text after its entry
// indicators, or a value) is one command-line flag, quoted or not: the
// walker judges the sequence entry after a secret-named --flag.
func flagToken(text []byte) bool {
	t := bytes.TrimSpace(text)
	if i := bytes.Index(t, []byte(" #")); i >= 0 {
		t = bytes.TrimSpace(t[:i])
	}
	if len(t) >= 2 && (t[0] == '"' || t[0] == '\'') && t[len(t)-1] == t[0] {
		t = t[1 : len(t)-1]
	}
	return reFlag.Match(t)
}

// inAction reports whether offset a lies inside a {{ … }} template
// action that an earlier line opened (its variable, judged by
// env-default-secret, may sit on a line of its own; the name of a ${VAR}
// follows its ${ on the same line).
func (g *NameGate) inAction(a int) bool {
	if !g.actionsDone {
		g.actionsDone = true
		for off := 0; ; {
			i := bytes.Index(g.src[off:], []byte("{{"))
			j := bytes.Index(g.src[off:], []byte("}}"))
			switch {
			case i < 0 && j < 0:
				return g.inAction(a)
			case j < 0 || i >= 0 && i < j:
				g.opens = append(g.opens, off+i)
				off += i + 2
			default:
				g.closes = append(g.closes, off+j)
				off += j + 2
			}
		}
	}
	o, _ := slices.BinarySearch(g.opens, a)
	if o == 0 {
		return false
	}
	c, _ := slices.BinarySearch(g.closes, a)
	return c == 0 || g.closes[c-1] < g.opens[o-1]
}

// hasMultiName reports whether the file has a name: key (any case, block
// or flow) whose value may continue past its line: then prose on a
// following line may be an env entry's name, which names its value.
func (g *NameGate) hasMultiName() bool { return fact(&g.multiName, g.multiNameScan) }

func (g *NameGate) multiNameScan() bool {
	src := g.src
	for off := 0; off < len(src); {
		i := indexFold(src[off:], "name")
		if i < 0 {
			return false
		}
		i += off
		off = i + 4
		if i > 0 && keyByte(src[i-1]) {
			continue // hostname:, secretName: …
		}
		j := i + 4
		if j < len(src) && (src[j] == '"' || src[j] == '\'') {
			j++
		}
		for j < len(src) && src[j] == ' ' {
			j++
		}
		if j >= len(src) || src[j] != ':' || j+1 < len(src) && src[j+1] != ' ' && src[j+1] != '\n' && src[j+1] != '\r' {
			continue
		}
		ls := lineStart(src, i)
		le := len(src)
		if k := bytes.IndexByte(src[j:], '\n'); k >= 0 {
			le = j + k
		}
		line := bytes.TrimRight(src[ls:le], " \t\r")
		if bytes.ContainsAny(line[:i-ls], "{[") {
			if balanced(line) {
				continue // a flow collection closed on its line
			}
			return true // an open flow collection: no line structure to follow
		}
		val := src[j+1 : ls+len(line)]
		val = bytes.TrimLeft(val, " ")
		if k := bytes.Index(val, []byte(" #")); k >= 0 {
			val = bytes.TrimRight(val[:k], " ")
		}
		if len(val) > 0 && val[0] == '#' {
			val = nil
		}
		val = val[skipProperties(val, 0):] // &anchor, !tag
		if len(val) > 0 {
			switch val[0] {
			case '|', '>':
				return true
			case '*', '{', '[':
				continue // an alias or a collection: no scalar name
			case '"', '\'':
				if !closedQuote(val) {
					return true
				}
			}
		}
		// The next line continues the value when it is deeper than the
		// key's line, unless (for no value) it is a nested mapping.
		ind, text, _, tab, ok := g.nextLine(le)
		if !ok {
			continue
		}
		if tab || ind > i-ls && (len(val) > 0 || !isKeyLine(text)) {
			return true
		}
	}
	return false
}

// balanced reports whether a line closes every [ and { it opens.
func balanced(line []byte) bool {
	return bytes.Count(line, []byte("{"))+bytes.Count(line, []byte("[")) == bytes.Count(line, []byte("}"))+bytes.Count(line, []byte("]"))
}

func isKeyLine(text []byte) bool {
	_, _, ok := plainKey(text)
	return ok
}

// closedQuote reports whether the quoted scalar that starts val ends on it.
func closedQuote(val []byte) bool {
	q := val[0]
	for i := 1; i < len(val); i++ {
		switch {
		case q == '"' && val[i] == '\\':
			i++
		case val[i] == q && q == '\'' && i+1 < len(val) && val[i+1] == '\'':
			i++
		case val[i] == q:
			return true
		}
	}
	return false
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c >= 0x80
}

// indexFold is bytes.Index ignoring ASCII case, for a lower-case needle.
func indexFold(s []byte, needle string) int {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		c := s[i] | 0x20
		if c != needle[0] {
			continue
		}
		k := 1
		for k < n && s[i+k]|0x20 == needle[k] {
			k++
		}
		if k == n {
			return i
		}
	}
	return -1
}

// Templated reports whether src looks like a text template rather than
// YAML: a line outside block scalars whose content, or whose value after
// a key, starts with {{ or {% (a Helm or Jinja action where YAML expects a
// node). It follows block scalars by indentation only.
func Templated(src []byte) bool {
	if !bytes.Contains(src, []byte("{{")) && !bytes.Contains(src, []byte("{%")) {
		return false
	}
	block := -1 // the indentation of the line that opened a block scalar
	for off := 0; off < len(src); {
		e := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			e = off + i
		}
		line := bytes.TrimRight(src[off:e], " \t\r")
		off = e + 1
		ind := indentOf(line)
		if ind == len(line) {
			continue
		}
		if block >= 0 {
			if ind > block {
				continue // block scalar content
			}
			block = -1
		}
		text := line[skipEntries(line):]
		if _, colon, ok := plainKey(text); ok {
			text = bytes.TrimLeft(text[colon+1:], " ")
		}
		if bytes.HasPrefix(text, []byte("{{")) || bytes.HasPrefix(text, []byte("{%")) {
			return true
		}
		if blockHeader(text) {
			block = ind
		}
	}
	return false
}

// blockHeader reports whether a value starts a block scalar: | or >, with
// an indentation and chomping indicator, then at most a comment.
func blockHeader(v []byte) bool {
	v = v[skipProperties(v, 0):]
	if len(v) == 0 || v[0] != '|' && v[0] != '>' {
		return false
	}
	i := 1
	for i < len(v) && (v[i] == '-' || v[i] == '+' || v[i] >= '0' && v[i] <= '9') {
		i++
	}
	return i == len(v) || v[i] == ' ' || v[i] == '#'
}
