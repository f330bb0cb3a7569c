// Package yamlscan finds secrets in YAML files through a gopkg.in/yaml.v3
// node walk: each finding carries the exact byte span of the scalar as
// written, the line and column of the secret, and a key path such as
// spec.template.spec.containers[0].env[DB_PASSWORD].value.
//
// It understands the shapes where YAML holds credentials: Kubernetes env
// lists and Secret manifests (data is base64-decoded before it is judged,
// stringData is taken as is), docker-compose environment maps and
// KEY=value lists, GitHub Actions env, with and service credentials,
// CloudFormation AWS::SecretsManager::Secret SecretString, Spring
// ${VAR:default} defaults, Helm values, Ansible !vault values (encrypted:
// clean), anchors and aliases (judged where the literal is written, once).
package yamlscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	yaml "go.yaml.in/yaml/v3"
)

// File is a parsed YAML file: its documents and the source they came from,
// with the helpers that map nodes back to byte spans.
type File struct {
	Src  []byte
	Docs []*yaml.Node
	ix   *textpos.Index
}

// MaxDocuments bounds the documents read from one file.
const MaxDocuments = 10000

// ErrTooManyDocuments is returned when a file holds more than MaxDocuments
// documents.
var ErrTooManyDocuments = errors.New("more than 10000 documents")

// Parse parses every document of src. A syntax error (or a panic inside
// the YAML library) is returned as an error that names the line when the
// library does; the caller falls back to scanning the file as text.
func Parse(src []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("yaml parser failed: %v", r)
		}
	}()
	f = &File{Src: src, ix: textpos.New(src)}
	if !utf8.Valid(src) {
		return nil, errors.New("not valid UTF-8")
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if len(f.Docs) >= MaxDocuments {
			return nil, ErrTooManyDocuments
		}
		f.Docs = append(f.Docs, &n)
	}
	return f, nil
}

// Index returns the line index of the source.
func (f *File) Index() *textpos.Index { return f.ix }

// Span is where a scalar is written.
type Span struct {
	// Start and End are the token as written: quotes included, a block
	// scalar from its indicator to the end of its last content line;
	// anchors and tags before it excluded.
	Start, End int
	// ValStart and ValEnd are the bytes holding the value's text (inside
	// the quotes, the block's content lines); Exact is true when
	// src[ValStart:ValEnd] is the value itself, byte for byte, so a part of
	// the value maps to a part of the file.
	ValStart, ValEnd int
	Exact            bool
}

// Within maps the span [s, e) of the scalar's value to file offsets: exact
// when the value is written verbatim, else the whole value region.
func (sp Span) Within(s, e int) (int, int) {
	if sp.Exact && s >= 0 && e >= s && sp.ValStart+e <= sp.ValEnd {
		return sp.ValStart + s, sp.ValStart + e
	}
	return sp.ValStart, sp.ValEnd
}

// ValueSpan maps the span [s, e) of a scalar's value to file offsets.
// Where the value is not written verbatim (a folded > or literal | block,
// a plain scalar over several lines) the value is aligned with its source
// text, line breaks and indentation folded away, so that a secret on the
// third line of a block is reported on that line and column. When the
// value cannot be aligned (escapes in a double-quoted scalar) the whole
// value region is returned, as Within does.
func (f *File) ValueSpan(sp Span, value string, s, e int) (int, int) {
	if sp.Exact || s < 0 || e <= s || e > len(value) || sp.ValStart < 0 || sp.ValEnd > len(f.Src) || sp.ValStart >= sp.ValEnd {
		return sp.Within(s, e)
	}
	src := f.Src[:sp.ValEnd]
	_, col := f.ix.Position(sp.ValStart)
	indent := col - 1 // the column content lines start at
	k := sp.ValStart
	first, last := -1, -1
	for i := 0; i < e; i++ {
		c := value[i]
		for k < len(src) && src[k] != c && (src[k] != '\n' || c != ' ' && c != '\n') {
			if src[k] != ' ' && src[k] != '\t' && src[k] != '\r' && src[k] != '\n' {
				return sp.Within(s, e) // not aligned: escapes, quotes doubled
			}
			k++
		}
		if k >= len(src) {
			if first >= 0 && strings.TrimSpace(value[i:e]) == "" {
				break // the value's final line break
			}
			return sp.Within(s, e)
		}
		if i == s {
			first = k
		}
		last = k
		brk := src[k] == '\n'
		k++
		if brk {
			// The next line's indentation, unless the value holds it (a
			// more indented line of a block).
			for n := 0; k < len(src) && src[k] == ' ' && (n < indent || i+1 >= len(value) || value[i+1] != ' '); n++ {
				k++
			}
		}
	}
	return first, last + 1
}

// ScalarSpan locates scalar node n (inFlow: inside a flow collection,
// where , ] } end a plain scalar). ok is false when the node's position
// does not fit the source, which never happens for nodes of this file.
func (f *File) ScalarSpan(n *yaml.Node, inFlow bool) (Span, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Line < 1 || n.Line > f.ix.Lines() {
		return Span{}, false
	}
	src := f.Src
	start := f.ix.RuneOffset(n.Line, n.Column)
	start = skipProperties(src, start)
	if start >= len(src) {
		return Span{Start: start, End: start, ValStart: start, ValEnd: start, Exact: n.Value == ""}, true
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && src[start] == '"':
		return quotedSpan(src, start, '"', n.Value), true
	case n.Style&yaml.SingleQuotedStyle != 0 && src[start] == '\'':
		return quotedSpan(src, start, '\'', n.Value), true
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && (src[start] == '|' || src[start] == '>'):
		return f.blockSpan(start, n.Value), true
	}
	return f.plainSpan(start, n.Value, inFlow), true
}

// skipProperties skips an anchor (&a) and a tag (!t, !!str, !<…>) written
// before a node's content, and the blanks after them.
func skipProperties(src []byte, i int) int {
	for i < len(src) && (src[i] == '&' || src[i] == '!') {
		for i < len(src) && !isBlank(src[i]) && src[i] != '\n' && src[i] != '\r' {
			i++
		}
		for i < len(src) && (isBlank(src[i]) || src[i] == '\n' || src[i] == '\r') {
			i++
		}
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func quotedSpan(src []byte, start int, q byte, value string) Span {
	i := start + 1
	for i < len(src) {
		c := src[i]
		if q == '"' && c == '\\' {
			i += 2
			continue
		}
		if c == q {
			if q == '\'' && i+1 < len(src) && src[i+1] == '\'' {
				i += 2
				continue
			}
			break
		}
		i++
	}
	end := min(i+1, len(src))
	inner := src[start+1 : min(i, len(src))]
	return Span{Start: start, End: end, ValStart: start + 1, ValEnd: start + 1 + len(inner), Exact: string(inner) == value}
}

// blockSpan spans a literal or folded block scalar: the indicator line and
// every following line that is blank or indented at least as deep as the
// first content line.
func (f *File) blockSpan(start int, value string) Span {
	src := f.Src
	line, _ := f.ix.Position(start)
	headerEnd := f.ix.LineEnd(line)
	contentIndent := -1
	valStart, valEnd := headerEnd, headerEnd
	last := line
	for l := line + 1; l <= f.ix.Lines(); l++ {
		text := f.ix.Line(l)
		ind := indentOf(text)
		if ind == len(bytes.TrimRight(text, "\r")) { // blank line
			continue
		}
		if contentIndent < 0 {
			// The content must be indented deeper than the line holding
			// the indicator's key.
			if ind <= indentOf(f.ix.Line(line)) {
				break
			}
			contentIndent = ind
			valStart = f.ix.LineStart(l) + ind
		} else if ind < contentIndent {
			break
		}
		last = l
	}
	end := headerEnd
	if contentIndent >= 0 {
		end = f.ix.LineStart(last) + len(bytes.TrimRight(f.ix.Line(last), " \t\r"))
		valEnd = end
	}
	exact := contentIndent >= 0 && strings.TrimRight(value, "\n") == string(src[valStart:valEnd])
	if contentIndent < 0 {
		valStart, valEnd, exact = end, end, value == ""
	}
	return Span{Start: start, End: end, ValStart: valStart, ValEnd: valEnd, Exact: exact}
}

func indentOf(line []byte) int {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	return i
}

// plainSpan spans a plain scalar: the rest of the line up to a comment (or
// , ] } in a flow collection), continued over the following lines while
// the folded text is still a prefix of the value.
func (f *File) plainSpan(start int, value string, inFlow bool) Span {
	src := f.Src
	line, _ := f.ix.Position(start)
	end := plainEnd(src[start:f.ix.LineEnd(line)], inFlow) + start
	if string(src[start:end]) == value {
		return Span{Start: start, End: end, ValStart: start, ValEnd: end, Exact: true}
	}
	// Multi-line plain scalar: lines fold with a space, blank lines are
	// newlines.
	got := string(src[start:end])
	firstEnd := end
	pendingNL := 0
	for l := line + 1; l <= f.ix.Lines() && len(got) < len(value); l++ {
		text := f.ix.Line(l)
		trimmed := bytes.TrimSpace(text)
		if len(trimmed) == 0 {
			pendingNL++
			continue
		}
		ls := f.ix.LineStart(l) + (len(text) - len(bytes.TrimLeft(text, " \t")))
		seg := src[ls : ls+plainEnd(src[ls:f.ix.LineEnd(l)], inFlow)]
		if pendingNL > 0 {
			got += strings.Repeat("\n", pendingNL)
		} else {
			got += " "
		}
		pendingNL = 0
		got += string(seg)
		if !strings.HasPrefix(value, got) {
			break
		}
		end = ls + len(seg)
		if got == value {
			return Span{Start: start, End: end, ValStart: start, ValEnd: end}
		}
	}
	return Span{Start: start, End: firstEnd, ValStart: start, ValEnd: firstEnd}
}

// plainEnd returns the length of the plain scalar at the start of b (one
// line): up to " #", or , ] } in flow context, without trailing blanks.
func plainEnd(b []byte, inFlow bool) int {
	end := len(b)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '#' && i > 0 && isBlank(b[i-1]) {
			end = i
			break
		}
		if inFlow && (c == ',' || c == ']' || c == '}') {
			end = i
			break
		}
		if inFlow && c == ':' && (i+1 == len(b) || isBlank(b[i+1])) {
			end = i
			break
		}
	}
	for end > 0 && (isBlank(b[end-1]) || b[end-1] == '\r') {
		end--
	}
	return end
}
