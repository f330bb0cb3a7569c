package scan

import (
	"context"
	"testing"

	"github.com/secretlint-go/secretlint/rules"

	"github.com/secretlint-go/secretlint/scan/internal/textpos"
)

func TestParseDirectives(t *testing.T) {
	known := func(id string) bool { return id == "hardcoded-credential" || id == "private-key" }
	for src, want := range map[string]string{
		"password: x # secretlint:ignore hardcoded-credential fixture\n":  "hardcoded-credential/ok",
		"# secretlint:ignore hardcoded-credential fixture\npassword: x\n": "hardcoded-credential/ok",
		"x := 1 //secretlint:ignore private-key test key\n":               "private-key/ok",
		"# secretlint:ignore hardcoded-credential\n":                      "hardcoded-credential/invalid",
		"# secretlint:ignore no-such-rule because\n":                      "no-such-rule/invalid",
		"<!-- secretlint:ignore private-key docs -->\n":                   "private-key/ok",
		// Not directives: prose and strings that mention the syntax.
		"// Suppress with \"# secretlint:ignore <rule> <reason>\".\n": "",
		"const help = `# secretlint:ignore <rule> <reason>`\n":        "",
		"s := \"//secretlint:ignore private-key x\"\n":                "",
		"// use secretlint:ignore directives sparingly\n":             "",
		"# secretlint:ignored private-key x\n":                        "",
	} {
		ds := parseDirectives([]byte(src), textpos.New([]byte(src)), known)
		got := ""
		if len(ds) > 0 {
			got = ds[0].rules[0] + "/ok"
			if ds[0].problem != "" {
				got = ds[0].rules[0] + "/invalid"
			}
			if len(ds[0].rules) == 0 {
				got = "/invalid"
			}
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
}

func TestDocFilesKeepExampleDirectivesQuiet(t *testing.T) {
	cfg, err := rules.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	src := []byte("Suppress with:\n\n    password: not-a-secret   # secretlint:ignore hardcoded-credential docs example\n")
	for name, wantDiag := range map[string]bool{"README.md": false, "notes.yaml": true} {
		fs, _ := ScanFile(context.Background(), cfg, name, src)
		got := false
		for _, f := range fs {
			if f.RuleID == "unused-suppression" {
				got = true
			}
		}
		if got != wantDiag {
			t.Errorf("%s: unused-suppression reported = %v, want %v", name, got, wantDiag)
		}
	}
}
