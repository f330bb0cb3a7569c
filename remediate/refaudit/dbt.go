package refaudit

import (
	"path"
	"regexp"
	"strings"
)

func init() { Register(dbtFinder{}) }

// dbtFinder follows dbt's env_var('NAME') in profiles.yml through the env
// map next to it (what `secretlint exec` and `vals exec` read): a mapped
// variable is a use of its secret (checked once, at the env map); a
// DBT_ENV_SECRET_ variable missing from an existing env map is a dangling
// reference, since the run would read an empty or missing variable.
type dbtFinder struct{}

func (dbtFinder) Name() string { return "dbt" }

var envVarRE = regexp.MustCompile(`env_var\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]`)

func (dbtFinder) Find(t *Tree, f *File) []Reference {
	base := path.Base(f.Path)
	if base != "profiles.yml" && base != "profiles.yaml" {
		return nil
	}
	env := t.EnvMap(path.Dir(f.Path))
	if env == nil {
		return nil
	}
	var out []Reference
	for _, m := range envVarRE.FindAllSubmatchIndex(f.Content, -1) {
		v := string(f.Content[m[2]:m[3]])
		r := Reference{Form: "dbt", File: f.Path, Offset: m[0], End: m[1], Via: v, Text: "env_var('" + v + "')"}
		r.Line, r.Column = f.Pos(m[0])
		if ref, ok := env[v]; ok {
			rr, ok := fromVals(t, ref)
			if !ok {
				continue
			}
			rr.Form, rr.File, rr.Offset, rr.End, rr.Line, rr.Column, rr.Via = r.Form, r.File, r.Offset, r.End, r.Line, r.Column, v
			rr.Derived = true
			out = append(out, rr)
			continue
		}
		if strings.HasPrefix(v, "DBT_ENV_SECRET_") {
			r.Problem = "env_var " + v + " is not in the env map " + path.Join(path.Dir(f.Path), t.envFileName())
			out = append(out, r)
		}
	}
	return out
}
