package secretliteral_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/secretlint-go/secretlint/analyzers/secretliteral"
)

// errRecorder is an analysistest.Testing that keeps the errors.
type errRecorder struct{ errs []string }

func (r *errRecorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestIgnoredFiles: files that build constraints exclude
// (pass.IgnoredFiles) are checked without types and reported at their
// positions. analysistest reads // want comments only from the files it
// type-checks (and from ignored files for the buildtag analyzers), so the
// diagnostics in the ignored files are matched here against theirs, and
// every other complaint of analysistest is an error.
func TestIgnoredFiles(t *testing.T) {
	rec := &errRecorder{}
	results := analysistest.Run(rec, analysistest.TestData(), secretliteral.Analyzer, "ignored")
	dir := filepath.Join(analysistest.TestData(), "src", "ignored")
	want := map[string]*regexp.Regexp{} // file:line -> pattern
	wantRE := regexp.MustCompile("// want `([^`]*)`")
	for _, base := range []string{"integration.go", "e2e_test.go"} {
		data, err := os.ReadFile(filepath.Join(dir, base))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := wantRE.FindStringSubmatch(line); m != nil {
				want[fmt.Sprintf("%s:%d", base, i+1)] = regexp.MustCompile(m[1])
			}
		}
	}
	got := map[string]int{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			base := filepath.Base(p.Filename)
			if base == "ignored.go" {
				continue // checked by analysistest
			}
			k := fmt.Sprintf("%s:%d", base, p.Line)
			got[k]++
			if re := want[k]; re == nil || !re.MatchString(d.Message) {
				t.Errorf("%s: unexpected diagnostic %q", k, d.Message)
			}
		}
	}
	for k := range want {
		if got[k] != 1 {
			t.Errorf("%s: %d diagnostics, want 1", k, got[k])
		}
	}
	for _, e := range rec.errs {
		if !strings.Contains(e, "unexpected diagnostic") || !strings.Contains(e, "integration.go") && !strings.Contains(e, "e2e_test.go") {
			t.Error(e)
		}
	}
}
