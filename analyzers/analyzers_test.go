package analyzers_test

import (
	"fmt"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/secretlint-go/secretlint/analyzers"
	"github.com/secretlint-go/secretlint/analyzers/secretsink"
	"github.com/secretlint-go/secretlint/rules"
)

func TestValidate(t *testing.T) {
	if err := analysis.Validate(analyzers.All); err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(analyzers.New(cfg)); err != nil {
		t.Fatal(err)
	}
}

var reName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// TestConventions checks each analyzer against the x/tools conventions
// the project follows (STYLE.md).
func TestConventions(t *testing.T) {
	names := map[string]bool{}
	for _, a := range analyzers.All {
		t.Run(a.Name, func(t *testing.T) {
			if !reName.MatchString(a.Name) {
				t.Errorf("name %q is not a lowercase identifier", a.Name)
			}
			names[a.Name] = true
			title, _, _ := strings.Cut(a.Doc, "\n")
			if title == "" || len(title) > 60 || strings.HasSuffix(title, ".") || strings.ToLower(title) != title {
				t.Errorf("title %q: want lowercase, no final period, at most 60 characters", title)
			}
			if want := "https://github.com/secretlint-go/secretlint#analyzer-" + a.Name; a.URL != want {
				t.Errorf("URL = %q, want %q", a.URL, want)
			}
			if !slices.Contains(a.Requires, inspect.Analyzer) {
				t.Errorf("does not require inspect.Analyzer")
			}
			if !a.RunDespiteErrors {
				t.Errorf("RunDespiteErrors is false")
			}
			// Only secretsink exports facts: the summaries of functions
			// whose parameters reach a sink, read by the packages that
			// call them (summary.go). secretliteral stays per-package.
			if len(a.FactTypes) > 0 && a.Name != "secretsink" {
				t.Errorf("declares facts; only secretsink exports function summaries")
			}
			for _, section := range []string{"Suppress", "suggested fixes", "_test.go"} {
				if !strings.Contains(a.Doc, section) {
					t.Errorf("Doc does not mention %q", section)
				}
			}
		})
	}
	if len(names) != len(analyzers.All) {
		t.Errorf("analyzer names are not unique")
	}
}

// TestSuiteSharesSink checks that secretliteral requires the secretsink
// instance listed in the suite, so that drivers run it once.
func TestSuiteSharesSink(t *testing.T) {
	for _, list := range [][]*analysis.Analyzer{analyzers.All, analyzers.New(nil)} {
		var sink, lit *analysis.Analyzer
		for _, a := range list {
			switch a.Name {
			case "secretsink":
				sink = a
			case "secretliteral":
				lit = a
			}
		}
		if sink == nil || lit == nil {
			t.Fatalf("suite lacks an analyzer: %v", list)
		}
		if !slices.Contains(lit.Requires, sink) {
			t.Errorf("secretliteral requires a secretsink instance that is not the listed one")
		}
	}
}

// TestNoCloudSDK keeps the analyzers importable by a golangci-lint plugin:
// no cloud SDK, no remediation code.
func TestNoCloudSDK(t *testing.T) {
	deps := goList(t, "-deps", "-f", "{{.ImportPath}}", "./...")
	for _, d := range deps {
		for _, banned := range []string{"github.com/aws/", "github.com/hashicorp/vault", "cloud.google.com/", "github.com/Azure/", "github.com/secretlint-go/secretlint/remediate"} {
			if strings.HasPrefix(d, banned) {
				t.Errorf("analyzers depend on %s", d)
			}
		}
	}
}

// secretTokens returns the parts of a literal value that could be a
// secret: runs of 8 or more credential characters with a digit or a
// mixed case, which no message may contain.
func secretTokens(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-+/=.#!&%$", r)
	}) {
		if len(f) < 8 {
			continue
		}
		hasDigit := strings.IndexFunc(f, unicode.IsDigit) >= 0
		hasUpper := strings.IndexFunc(f, unicode.IsUpper) >= 0
		hasLower := strings.IndexFunc(f, unicode.IsLower) >= 0
		if hasDigit || hasUpper && hasLower {
			out = append(out, f)
		}
	}
	return out
}

// checkNoLeak fails when a diagnostic's message contains a secret-like
// part of the source text it points at.
func checkNoLeak(t *testing.T, fset *token.FileSet, src map[string][]byte, d analysis.Diagnostic) {
	t.Helper()
	start, end := fset.Position(d.Pos), fset.Position(d.End)
	data, ok := src[start.Filename]
	if !ok || !end.IsValid() || end.Offset > len(data) || end.Offset <= start.Offset {
		t.Errorf("%s: diagnostic without a source span", start)
		return
	}
	for _, tok := range secretTokens(string(data[start.Offset:end.Offset])) {
		if strings.Contains(d.Message, tok) {
			t.Errorf("%s: the message contains part of the value it reports", start)
		}
	}
}

// TestFactsOnly checks the suite go vet runs on dependencies: the same
// analyzer names (so the same flags), secretliteral still requiring
// secretsink, no diagnostic, and the same facts as the full suite.
func TestFactsOnly(t *testing.T) {
	facts := analyzers.FactsOnly(nil)
	var names, want []string
	for _, a := range facts {
		names = append(names, a.Name)
	}
	for _, a := range analyzers.All {
		want = append(want, a.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("FactsOnly names = %v, want %v", names, want)
	}
	if err := analysis.Validate(facts); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(facts[1].Requires, facts[0]) {
		t.Errorf("the facts-only secretliteral does not require the facts-only secretsink")
	}

	dir, err := filepath.Abs(filepath.Join("secretsink", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	pkgs := []string{"sinks", "summary/helper", "summary/use"}
	full := factStrings(analysistest.Run(ignoreT{}, dir, secretsink.Analyzer, pkgs...))
	only := analysistest.Run(ignoreT{}, dir, facts[0], pkgs...)
	for _, r := range only {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Action, r.Err)
		}
		if len(r.Diagnostics) > 0 {
			t.Errorf("%s: the facts-only analyzer reported %d diagnostics", r.Action, len(r.Diagnostics))
		}
	}
	got := factStrings(only)
	if len(full) < 5 {
		t.Fatalf("the full analyzer exported %d facts on its test packages, want some: %v", len(full), full)
	}
	t.Logf("%d facts", len(full))
	if !slices.Equal(got, full) {
		t.Errorf("facts-only facts differ from the full analyzer's:\n got %v\nwant %v", got, full)
	}
}

// ignoreT drops analysistest's complaints about expectations: a
// facts-only analyzer meets none of the diagnostics the test files want.
type ignoreT struct{}

func (ignoreT) Errorf(string, ...any) {}

// factStrings lists every fact the roots of an analysistest run saw
// (theirs and their dependencies'), sorted.
func factStrings(results []*analysistest.Result) []string {
	var out []string
	for _, r := range results {
		for _, f := range r.Action.AllObjectFacts() {
			out = append(out, f.Object.Pkg().Path()+"."+f.Object.Name()+": "+fmt.Sprint(f.Fact))
		}
		for _, f := range r.Action.AllPackageFacts() {
			out = append(out, f.Package.Path()+": "+fmt.Sprint(f.Fact))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
