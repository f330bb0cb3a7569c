package dbt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

func TestKindOf(t *testing.T) {
	for p, want := range map[string]string{
		"profiles.yml": Profiles, "a/b/profiles.yml": Profiles, "packages.yml": Packages,
		"dependencies.yml": Packages, "x/dbt_project.yml": Project, "profiles.yaml": "", "values.yml": "",
	} {
		if got := KindOf(p); got != want {
			t.Errorf("KindOf(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestWrongShapes: profiles of the wrong shape are notices, never a panic
// or a silent pass.
func TestWrongShapes(t *testing.T) {
	for name, src := range map[string]string{
		"list root":        "- a\n- b\n",
		"scalar root":      "just text\n",
		"outputs list":     "p:\n  outputs:\n    - type: postgres\n      password: Pl4vLm2kZx9wY7\n",
		"target scalar":    "p:\n  outputs:\n    dev: nope\n",
		"no type":          "p:\n  outputs:\n    dev:\n      password: Pl4vLm2kZx9wY7\n",
		"alias target":     "base: &b {type: postgres, password: Pl4vLm2kZx9wY7}\np:\n  outputs:\n    dev: *b\n",
		"empty":            "",
		"nested keyfile":   "p:\n  outputs:\n    dev:\n      type: bigquery\n      keyfile_json: [1, 2]\n",
		"null password":    "p:\n  outputs:\n    dev:\n      type: postgres\n      password:\n",
		"numeric password": "p:\n  outputs:\n    dev:\n      type: postgres\n      password: 90210475\n",
	} {
		t.Run(name, func(t *testing.T) {
			res, err := Scan([]byte(src), Profiles, Options{Path: "profiles.yml"})
			if err != nil {
				t.Fatalf("Scan: %v", err)
			}
			switch name {
			case "list root", "scalar root", "outputs list", "target scalar", "empty":
				if len(res.Notices) == 0 {
					t.Errorf("no notice for a profiles.yml of the wrong shape")
				}
			case "no type":
				if len(res.Findings) != 1 || len(res.Notices) != 1 {
					t.Errorf("findings %d, notices %d: want the password judged by name and a notice about the missing type", len(res.Findings), len(res.Notices))
				}
			case "alias target", "numeric password":
				if len(res.Findings) != 1 || res.Findings[0].RuleID != "dbt-hardcoded-secret" {
					t.Errorf("findings = %+v, want one dbt-hardcoded-secret", res.Findings)
				}
			case "null password", "nested keyfile":
				if len(res.Findings) != 0 {
					t.Errorf("findings = %+v, want none", res.Findings)
				}
			}
		})
	}
}

// FuzzProfiles: scanning a profiles.yml or packages.yml never panics,
// positions stay inside the input, and the result is deterministic.
func FuzzProfiles(f *testing.F) {
	_ = filepath.Walk("../../testdata/scan/dbt", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data, KindOf(p) == Packages)
			}
		}
		return nil
	})
	f.Add([]byte("p:\n  outputs:\n    dev: {type: snowflake, password: \"{{ env_var('X', 'hX9kq2Vr7pLm') }}\"}\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, packages bool) {
		if len(data) > 1<<16 {
			return
		}
		kind := Profiles
		if packages {
			kind = Packages
		}
		res, err := Scan(data, kind, Options{Path: "profiles.yml", Scalars: true})
		if err != nil {
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, f := range res.Findings {
			if f.Offset < 0 || f.Offset > f.EndOffset || f.EndOffset > len(data) || f.Line < 1 || f.EndLine > lines || f.EndLine < f.Line {
				t.Fatalf("%s: span %d-%d, lines %d-%d outside the input (%d bytes, %d lines)", f.RuleID, f.Offset, f.EndOffset, f.Line, f.EndLine, len(data), lines)
			}
		}
		again, _ := Scan(data, kind, Options{Path: "profiles.yml", Scalars: true})
		if len(again.Findings) != len(res.Findings) || len(again.Notices) != len(res.Notices) {
			t.Fatalf("not deterministic")
		}
		for i := range res.Findings {
			if again.Findings[i].Offset != res.Findings[i].Offset || again.Findings[i].RuleID != res.Findings[i].RuleID {
				t.Fatalf("not deterministic at finding %d", i)
			}
		}
	})
}

// TestPasswordSameAsRelated: a target's password equal to its user or
// database name (pass: analytics beside user: analytics) is a local
// default, as in an .env file; a different one is still reported.
func TestPasswordSameAsRelated(t *testing.T) {
	pw := fakesecret.Password(20)
	src := "p:\n  outputs:\n    dev:\n      type: postgres\n      user: analytics\n      pass: analytics\n      dbname: warehouse\n" +
		"    ci:\n      type: postgres\n      user: ci\n      password: Warehouse\n      dbname: warehouse\n" +
		"    prod:\n      type: postgres\n      user: analytics\n      pass: " + pw + "\n"
	res, err := Scan([]byte(src), Profiles, Options{Path: "profiles.yml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "dbt-hardcoded-secret" || res.Findings[0].Line != 16 {
		t.Errorf("findings = %+v, want one dbt-hardcoded-secret on line 16", res.Findings)
	}
}
