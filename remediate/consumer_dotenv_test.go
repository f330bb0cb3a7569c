package remediate_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/joho/godotenv"

	"github.com/secretlint-go/secretlint/remediate"
)

// TestDotenvConsumer proves the dotenv rewrite: godotenv reads the
// original files; secretlint exec's reading of the rewritten files
// (ResolveDotenv: godotenv, then the references resolved through the
// store) gives the same variables, the same values.
func TestDotenvConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/dotenv", backend, remediate.PlanOptions{})
			cr.allMoved(t, "dotenv")
			if len(cr.plan.EnvFiles) != 0 {
				t.Errorf("a dotenv rewrite wrote env maps: %v", cr.plan.EnvFiles)
			}
			open := func(context.Context, string, string) (remediate.Store, error) { return cr.store, nil }
			proven := 0
			for _, pf := range cr.plan.Files {
				want, err := godotenv.Unmarshal(cr.orig[pf.Path])
				if err != nil {
					t.Fatalf("%s: godotenv does not read the original", pf.Path)
				}
				rewritten := cr.read(t, pf.Path)
				if !strings.Contains(rewritten, "ref+") {
					t.Errorf("%s holds no reference", pf.Path)
				}
				got, err := remediate.ResolveDotenv(t.Context(), []byte(rewritten), "secret", open)
				if err != nil {
					t.Errorf("%s does not resolve: %v", pf.Path, err)
					continue
				}
				if !maps.Equal(got, want) {
					for k := range want {
						if got[k] != want[k] {
							t.Errorf("%s: %s reads another value", pf.Path, k)
						}
					}
					continue
				}
				proven++
			}
			t.Logf("dotenv: %d of %d rewritten files read back to the original variables", proven, len(cr.plan.Files))
			if proven != 2 || proven != len(cr.plan.Files) {
				t.Errorf("%d of %d rewritten files proven, want 2 of 2", proven, len(cr.plan.Files))
			}
			cr.finish(t, "../testdata/remediate/consumers/dotenv/golden/"+backend)
		})
	}
}

// TestDotenvLines: the lines the dotenv consumer rewrites are read as
// godotenv reads them, and the lines it cannot rewrite exactly are left.
func TestDotenvLines(t *testing.T) {
	for _, line := range []string{
		"A=plainValue1",
		"export A=plainValue1",
		"A = plainValue1   ",
		"A=plainValue1 # comment",
		`A="quoted value"`,
		`A='single quoted' # comment`,
		"A=",
		`A=""`,
		"A.B=dotted",
	} {
		want, err := godotenv.Unmarshal(line + "\n")
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got := remediate.DotenvValues([]byte(line + "\n"))
		if !maps.Equal(got, want) {
			t.Errorf("%q: read %q, godotenv reads %q", line, got, want)
		}
	}
	for _, line := range []string{
		`A="esc\"aped"`, `A="has $VAR"`, "A=$OTHER", `A='multi`, "A=x\\y", "# A=comment", "A:yaml-style",
	} {
		if got := remediate.DotenvValues([]byte(line + "\n")); len(got) != 0 {
			t.Errorf("%q: read %q; the consumer must leave this line alone", line, got)
		}
	}
}

// TestIsDotenv: dotenv files by name or by KEY=value content; a YAML
// mapping stays an env map (references only), even with = in a value.
func TestIsDotenv(t *testing.T) {
	for _, c := range []struct {
		name, content string
		want          bool
	}{
		{".env", "A: b\n", true},
		{"prod.env", "A=b\n", true},
		{".env.local", "", true},
		{"vars", "A=b\nexport C=\"d e\"\n", true},
		{"secretlint.env.yaml", "A: ref+vault://secret/x#/k\n", false},
		{"env.yaml", "A: b=c\n", false},
		{"env.yaml", "# nothing\n", false},
		{"env.yaml", "just text\n", false},
	} {
		if got := remediate.IsDotenv(c.name, []byte(c.content)); got != c.want {
			t.Errorf("IsDotenv(%q, %q) = %v", c.name, c.content, got)
		}
	}
}
