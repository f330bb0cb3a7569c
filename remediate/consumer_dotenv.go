package remediate

import (
	"errors"
	"path"
	"slices"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// EditDotenvRef replaces the value of a KEY=value line of a dotenv file
// with a store reference (ref+awssecrets://… or ref+vault://…).
const EditDotenvRef = "dotenv-ref"

// dotenvConsumer is a dotenv file (.env, .env.*, *.env) read through
// `secretlint exec --env-file FILE -- cmd`, which resolves the references
// in it and passes every other line through, as `op run --env-file` does.
// The value is replaced in place; the line keeps its key, export and
// quotes.
type dotenvConsumer struct{}

func (dotenvConsumer) name() string { return "dotenv" }

// isDotenvFile reports whether a path names a dotenv file: .env, .env.*
// (not .envrc, a shell script) or *.env.
func isDotenvFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	return base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env")
}

func (dotenvConsumer) claims(f *finding.Finding, _ *planEnv) bool { return isDotenvFile(f.File) }

func (dotenvConsumer) needs(*planEnv) string {
	return "run the command through `secretlint exec --env-file FILE -- cmd`, which resolves the references in the file; " +
		"a program that reads the file itself (docker compose's env_file and .env, a dotenv library) gets the reference text"
}

func (dotenvConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if strings.ContainsAny(f.Secret.Reveal(), "$\\") {
		// dotenv parsers expand $VAR and decode escapes: the program does
		// not get this text.
		return "", StatusNotRewritable, "the value holds $ or a backslash, which dotenv parsers expand; move it by hand"
	}
	return EditDotenvRef, "", ""
}

// keyName is the variable of the value's line.
func (dotenvConsumer) keyName(f *finding.Finding, content []byte) string {
	lines, _ := dotenvLines(content)
	for _, l := range lines {
		if l.start <= f.Offset && f.EndOffset <= l.end {
			return l.key
		}
	}
	return ""
}

func (dotenvConsumer) envVar(*finding.Finding, string, binding) string { return "" }

// shape writes the reference, or inside a larger value (a password in a
// URL) the embedded form closed by + that secretlint exec (and vals)
// resolve.
func (dotenvConsumer) shape(_ string, b binding) editRequest {
	return editRequest{replace: b.ref, inner: true, innerReplace: b.ref + "+"}
}

func (dotenvConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	rejected := map[*editRequest]string{}
	edits := planEach(reqs, rejected, func(r *editRequest) (*yamlEdit, error) { return planDotenv(content, r) })
	if len(edits) == 0 {
		return nil, rejected, content
	}
	after := applyYAMLEdits(content, edits)
	// Every line reads back: the same keys, the edited values as their
	// references and the others as they were.
	before, err1 := dotenvLines(content)
	now, err2 := dotenvLines(after)
	if err1 != nil || err2 != nil || len(before) != len(now) {
		for _, e := range edits {
			rejected[e.req] = "the rewritten file would not read back as the same variables"
		}
		return nil, rejected, content
	}
	for i, b := range before {
		want := b.value
		for _, e := range slices.Backward(edits) { // later edits first: offsets hold
			if e.Offset >= b.valStart && e.End <= b.valEnd {
				want = want[:e.Offset-b.valStart] + e.Replacement + want[e.End-b.valStart:]
			}
		}
		if now[i].key != b.key || now[i].value != want {
			for _, e := range edits {
				rejected[e.req] = "the rewritten file would not read back as the same variables"
			}
			return nil, rejected, content
		}
	}
	return edits, rejected, after
}

// planDotenv places one request: the value must be the whole value of its
// KEY=value line, unquoted or in quotes with nothing to decode.
func planDotenv(content []byte, r *editRequest) (*yamlEdit, error) {
	if r.offset < 0 || r.end > len(content) || r.offset >= r.end {
		return nil, errors.New("the finding's position is outside the file")
	}
	lines, err := dotenvLines(content)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if r.offset < l.start || r.end > l.end {
			continue
		}
		// The value's bytes are the value (its quotes stay where they are).
		if l.value == r.value {
			if !dotenvPlain(r.replace) {
				return nil, errors.New("the reference cannot be written in this dotenv value")
			}
			return &yamlEdit{req: r, Offset: l.valStart, End: l.valEnd, Replacement: r.replace}, nil
		}
		// Inside a larger value: the embedded reference, closed by +.
		i := strings.Index(l.value, r.value)
		if !r.inner || r.value == "" || i < 0 || strings.Count(l.value, r.value) != 1 {
			return nil, errPartial
		}
		ref := r.innerReplace
		if !dotenvPlain(ref) || strings.Count(ref, "+") != 2 || embeddedRef.FindString(l.value) != "" {
			return nil, errors.New("the reference cannot be embedded in this dotenv value")
		}
		return &yamlEdit{req: r, Offset: l.valStart + i, End: l.valStart + i + len(r.value), Replacement: ref}, nil
	}
	return nil, errors.New("the value is not on a KEY=value line this tool can rewrite exactly")
}

// dotenvPlain reports whether s reads as itself in any dotenv value form.
func dotenvPlain(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\r\n'\"`$\\")
}

// dotenvLine is one KEY=value line: the value as dotenv parsers read it,
// and the bytes that write it (quotes included).
type dotenvLine struct {
	start, end       int
	key, value       string
	quote            string
	valStart, valEnd int
}

// dotenvLines reads the KEY=value lines of a dotenv file that a rewrite
// can touch exactly: [export ]KEY=value, the value unquoted (up to a " #"
// comment, trailing blanks dropped) or in single or double quotes without
// escapes, $ or a quote inside, then only blanks or a comment. Other lines
// (comments, blanks, multi-line values) are not listed; a line that
// starts a multi-line quoted value stops the reading of the lines after it.
func dotenvLines(content []byte) ([]dotenvLine, error) {
	var out []dotenvLine
	off := 0
	for off < len(content) {
		end := off
		for end < len(content) && content[end] != '\n' {
			end++
		}
		l, ok, stop := dotenvParseLine(string(content[off:end]), off)
		if stop {
			return out, nil
		}
		if ok {
			out = append(out, l)
		}
		off = end + 1
	}
	return out, nil
}

func dotenvParseLine(line string, base int) (l dotenvLine, ok, stop bool) {
	s := strings.TrimRight(line, "\r")
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	skip()
	if i == len(s) || s[i] == '#' {
		return l, false, false
	}
	if strings.HasPrefix(s[i:], "export ") {
		i += len("export ")
		skip()
	}
	ks := i
	for i < len(s) && isEnvNameRune(rune(s[i])) || i < len(s) && i > ks && s[i] == '.' {
		i++
	}
	key := s[ks:i]
	skip()
	if key == "" || i == len(s) || s[i] != '=' {
		return l, false, false
	}
	i++
	skip()
	l = dotenvLine{start: base, end: base + len(s), key: key}
	rest := s[i:]
	if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
		q := rest[:1]
		j := strings.Index(rest[1:], q)
		if j < 0 {
			return l, false, true // a multi-line value: stop here
		}
		inner := rest[1 : 1+j]
		tail := strings.TrimLeft(rest[2+j:], " \t")
		if tail != "" && tail[0] != '#' || strings.ContainsAny(inner, "\\$`") {
			return l, false, false
		}
		l.quote, l.value = q, inner
		l.valStart, l.valEnd = base+i+1, base+i+1+j
		return l, true, false
	}
	v := rest
	if k := strings.Index(v, " #"); k >= 0 {
		v = v[:k]
	}
	if k := strings.Index(v, "\t#"); k >= 0 {
		v = v[:k]
	}
	v = strings.TrimRight(v, " \t")
	if strings.ContainsAny(v, "\\$`'\"") {
		return l, false, false
	}
	l.value = v
	l.valStart, l.valEnd = base+i, base+i+len(v)
	return l, true, false
}
