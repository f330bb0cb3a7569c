package refaudit

import (
	"path"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/remediate"
)

func init() { Register(valsFinder{}) }

// valsFinder finds vals references, ref+awssecrets://… and ref+vault://…,
// whole values and embedded ones. As in vals (pkg/expansion), an embedded
// reference ends at '+', a line break or a space; here also at a quote or
// a backslash, which end the string that holds it. Go files and env maps
// have finders of their own.
type valsFinder struct{}

func (valsFinder) Name() string { return "vals" }

var valsRE = regexp.MustCompile("ref\\+(?:awssecrets|vault)://[^\\s'\"`+\\\\<>]+")

func (valsFinder) Find(t *Tree, f *File) []Reference {
	if strings.HasSuffix(f.Path, ".go") || path.Base(f.Path) == t.envFileName() {
		return nil
	}
	var out []Reference
	for _, m := range valsRE.FindAllIndex(f.Content, -1) {
		text := string(f.Content[m[0]:m[1]])
		r, ok := fromVals(t, text)
		if !ok {
			continue
		}
		r.Form, r.File, r.Offset, r.End = "vals", f.Path, m[0], m[1]
		r.Line, r.Column = f.Pos(m[0])
		out = append(out, r)
	}
	return out
}

// fromVals parses a vals reference with the parser secretlint exec
// resolves references with (remediate.ParseRef) into the backend fields of
// a Reference.
func fromVals(t *Tree, text string) (Reference, bool) {
	p, err := remediate.ParseRef(text)
	if err != nil {
		return Reference{}, false
	}
	r := Reference{Text: text, Key: p.Key}
	switch p.Kind {
	case "aws":
		r.Backend, r.Name, r.Region = "aws", p.Path, p.Region
	case "vault":
		r.Backend = "vault"
		m := t.mount()
		if !strings.HasPrefix(p.Path, m+"/") {
			m, _, _ = strings.Cut(p.Path, "/")
		}
		r.Mount, r.Name = m, strings.TrimPrefix(p.Path, m+"/")
		if r.Name == p.Path || r.Name == "" {
			return Reference{}, false
		}
	default:
		return Reference{}, false
	}
	return r, true
}
