package core

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

func TestExtractDoc(t *testing.T) {
	const src = `// Package p is documented.
//
// # Analyzer foo
//
// foo: find foos
//
// More about foos.
//
// # Analyzer bar
//
// bar find bars
//
// # Other
package p
`
	tests := map[string]struct {
		content, name string
		want          string
		wantErr       bool
	}{
		"section":         {content: src, name: "foo", want: "find foos\n\nMore about foos."},
		"missing colon":   {content: src, name: "bar", wantErr: true},
		"missing section": {content: src, name: "baz", wantErr: true},
		"no comment":      {content: "package p\n", name: "foo", wantErr: true},
		"not go":          {content: "}{", name: "foo", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ExtractDoc(tc.content, tc.name)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ExtractDoc error = %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ExtractDoc = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDirectives(t *testing.T) {
	const src = `package p

//secretlint:ignore hardcoded-credential rotated weekly
var a = 1

var b = 2 //secretlint:ignore url-credentials,hardcoded-credential local only

//secretlint:ignore hardcoded-credential
var c = 3

//secretlint:ignore nosuch-rule why
var d = 4

// secretlint:ignore hardcoded-credential a space after the slashes is accepted
var e = 5

var f = 6 // gitleaks:allow

//secretlint:ignore hardcoded-credential why // a trailing comment is not part of it
var g = 7

// this prose mentions secretlint:ignore in passing
var h = 8
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return id == "hardcoded-credential" || id == "url-credentials" }
	d := ParseDirectives(fset, []*ast.File{f}, known)
	line := func(n int) token.Pos { return fset.File(f.FileStart).LineStart(n) }

	var problems []string
	for _, dir := range d.All() {
		problems = append(problems, dir.Problem)
	}
	wantProblems := []string{"", "", "needs a reason after the rule id", `names unknown rule "nosuch-rule"`, "", ""}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems = %q, want %q", problems, wantProblems)
	}

	tests := []struct {
		line int
		rule string
		want bool
	}{
		{4, "hardcoded-credential", true},  // line above
		{3, "hardcoded-credential", true},  // the directive's own line
		{4, "url-credentials", false},      // another rule
		{5, "hardcoded-credential", false}, // two lines below
		{6, "url-credentials", true},       // trailing, first of a list
		{6, "hardcoded-credential", true},  // trailing, second of a list
		{9, "hardcoded-credential", false}, // invalid: no reason
		{12, "hardcoded-credential", false},
		{15, "hardcoded-credential", true},
		{20, "hardcoded-credential", true},
		{23, "hardcoded-credential", false},
	}
	for _, tc := range tests {
		if got := d.Suppress(fset, line(tc.line), tc.rule); got != tc.want {
			t.Errorf("line %d, %s: suppressed = %v, want %v", tc.line, tc.rule, got, tc.want)
		}
	}
	if !d.GitleaksAllowed(fset, line(17), line(17)) || d.GitleaksAllowed(fset, line(18), line(18)) {
		t.Errorf("gitleaks:allow must cover its own line only")
	}
	used := 0
	for _, dir := range d.All() {
		if d.IsUsed(dir) {
			used++
		}
	}
	if used != 4 {
		t.Errorf("%d directives used, want 4", used)
	}
}
