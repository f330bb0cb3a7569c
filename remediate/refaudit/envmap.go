package refaudit

import (
	"maps"
	"path"
	"slices"

	"github.com/secretlint-go/secretlint/remediate"
)

func init() { Register(envMapFinder{}) }

// envMapFinder reads the env maps remediate writes (remediate.ParseEnvMap,
// remediate.DefaultEnvFileName): each variable is a reference. An env map
// that does not parse is itself reported as dangling.
type envMapFinder struct{}

func (envMapFinder) Name() string { return "env-map" }

func (envMapFinder) Find(t *Tree, f *File) []Reference {
	if path.Base(f.Path) != t.envFileName() {
		return nil
	}
	m, err := remediate.ParseEnvMap(f.Content)
	if err != nil {
		return []Reference{{Form: "env-map", File: f.Path, Line: 1, Column: 1, Problem: "the env map does not parse: " + err.Error()}}
	}
	docs := f.YAML()
	var out []Reference
	for _, v := range slices.Sorted(maps.Keys(m)) {
		r, ok := fromVals(t, m[v])
		if !ok {
			r = Reference{Text: m[v], Problem: "variable " + v + " holds a reference secretlint cannot check"}
		}
		r.Form, r.File, r.Via = "env-map", f.Path, v
		r.Line, r.Column = 1, 1
		if len(docs) == 1 && len(docs[0].Content) == 1 {
			mn := docs[0].Content[0]
			for i := 0; i+1 < len(mn.Content); i += 2 {
				if mn.Content[i].Value == v {
					r.Line, r.Column = mn.Content[i+1].Line, mn.Content[i+1].Column
				}
			}
		}
		out = append(out, r)
	}
	return out
}
