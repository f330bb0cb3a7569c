package goscan

import (
	"go/ast"
	"go/token"
	"testing"
)

// TestLocalSummaries: a literal passed to a function another file of the
// package declares is judged by the package's summaries (Options.Local),
// once; a function the file declares itself, or another package's
// same-named function, is not looked up there.
func TestLocalSummaries(t *testing.T) {
	helper := "package p\n\nimport \"net/http\"\n\nfunc auth(r *http.Request, user, pass string) { r.SetBasicAuth(user, pass) }\n"
	fset := token.NewFileSet()
	f, err := ParseForSummary(fset, "a.go", []byte(helper))
	if err != nil {
		t.Fatal(err)
	}
	sums := Summarise(fset, []*ast.File{f}, [][]byte{[]byte(helper)}, Options{})
	calls := 0
	local := func() *Summaries { calls++; return sums }
	for name, c := range map[string]struct {
		src  string
		want int
	}{
		"other file":    {"package p\n\nimport \"net/http\"\n\nfunc call(r *http.Request) { auth(r, \"svc\", \"Qv8#mZt2LpW9xR4k\") }\n", 1},
		"declared here": {"package p\n\nimport \"net/http\"\n\nfunc auth(r *http.Request, u, p string) {}\n\nfunc call(r *http.Request) { auth(r, \"svc\", \"Qv8#mZt2LpW9xR4k\") }\n", 0},
		"other package": {"package q\n\nimport \"net/http\"\n\nfunc call(r *http.Request) { auth(r, \"svc\", \"Qv8#mZt2LpW9xR4k\") }\n", 0},
		"word argument": {"package p\n\nimport \"net/http\"\n\nfunc call(r *http.Request) { auth(r, \"svc\", \"password\") }\n", 0},
	} {
		fs, err := Scan("b.go", []byte(c.src), Options{Local: local})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != c.want {
			t.Errorf("%s: %d findings %v, want %d", name, len(fs), fs, c.want)
		}
		if c.want == 1 && fs[0].RuleID != "credential-sink" {
			t.Errorf("%s: rule %s, want credential-sink", name, fs[0].RuleID)
		}
	}
	if calls == 0 {
		t.Error("Local was never asked")
	}
}

// TestLiteralArgWorth: a file is parsed for other files' and packages'
// summaries only when it passes a credential-shaped literal to a plain
// function or to a function of a package of its module.
func TestLiteralArgWorth(t *testing.T) {
	const mod = "example.com/app"
	pw := `"Qv8#mZt2LpW9xR4k"`
	for name, c := range map[string]struct {
		src  string
		want bool
	}{
		"plain call":         {"package p\nfunc f() { auth(r, \"svc\", " + pw + ") }\n", true},
		"module package":     {"package p\nimport \"example.com/app/internal/db\"\nfunc f() { db.Open(" + pw + ") }\n", true},
		"aliased module":     {"package p\nimport store \"example.com/app/internal/db\"\nfunc f() { store.Open(" + pw + ") }\n", true},
		"other package":      {"package p\nimport \"example.com/app/internal/db\"\nfunc f() { strings.Contains(s, " + pw + ") }\n", false},
		"method":             {"package p\nfunc f() { x.y.Set(" + pw + ") }\n", false},
		"no module imported": {"package p\nfunc f() { db.Open(" + pw + ") }\n", false},
		"word argument":      {"package p\nfunc f() { auth(r, \"svc\", \"password\") }\n", false},
	} {
		if got := LiteralArgWorth([]byte(c.src), func() string { return mod }); got != c.want {
			t.Errorf("%s: LiteralArgWorth = %v, want %v", name, got, c.want)
		}
	}
}
