package baseline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/baseline"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/gittest"
)

// A fake GitHub token in the provider's format; not a real credential.
var fakeToken = "ghp_" + "4kR9xT2mQ8vN1pL7wZ3yH6bF0cJ5dS2aE9uK"

func mkFinding(salt, rule, path, value string, line int) finding.Finding {
	s := finding.NewSecret(value)
	return finding.Finding{RuleID: rule, File: path, Line: line, Secret: s, Fingerprint: finding.Fingerprint(salt, rule, path, s)}
}

func TestWriteRead(t *testing.T) {
	salt := "test-salt"
	fs := []finding.Finding{
		mkFinding(salt, "github-pat", "b/config.yaml", fakeToken, 40),
		mkFinding(salt, "github-pat", "a/app.go", fakeToken, 7),
		mkFinding(salt, "github-pat", "a/app.go", fakeToken, 9), // same value twice: one entry
		mkFinding(salt, "hardcoded-credential", "a/app.go", "hX9#kq2!Vr7pLm4Zt", 3),
	}
	b := baseline.FromFindings(salt, fs)
	var out bytes.Buffer
	if err := b.Write(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, bad := range []string{fakeToken, "hX9#kq2!Vr7pLm4Zt", "hX9", "40", `"line"`} {
		if strings.Contains(text, bad) {
			t.Errorf("baseline contains %q:\n%s", bad, text)
		}
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	var entryLines []string
	for _, l := range lines {
		if strings.HasPrefix(l, `{"fingerprint":`) {
			entryLines = append(entryLines, l)
			if !strings.HasSuffix(l, "},") {
				t.Errorf("entry line without trailing comma: %s", l)
			}
		}
	}
	if len(entryLines) != 3 {
		t.Fatalf("want 3 entry lines, got %d:\n%s", len(entryLines), text)
	}
	for i := 1; i < len(entryLines); i++ {
		if entryLines[i-1] >= entryLines[i] {
			t.Errorf("entries not sorted by fingerprint:\n%s", text)
		}
	}
	// Deterministic: regenerating from the findings in another order
	// gives the same bytes.
	var again bytes.Buffer
	rev := []finding.Finding{fs[3], fs[2], fs[1], fs[0]}
	if err := baseline.FromFindings(salt, rev).Write(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != text {
		t.Errorf("not deterministic:\n%s\n---\n%s", text, again.String())
	}
	got, err := baseline.Read(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, b) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v", got, b)
	}
	if got.SaltCheck != baseline.SaltCheck(salt) || got.SaltCheck == baseline.SaltCheck("other") {
		t.Errorf("salt check %q", got.SaltCheck)
	}
}

func TestReadErrors(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"conflict markers": {"{\n\"secretlint_baseline\": 1,\n\"entries\": [\n<<<<<<< HEAD\n", "line 4"},
		"not a baseline":   {`{"entries": []}`, "not a secretlint baseline"},
		"future version":   {`{"secretlint_baseline": 2}`, "version 2"},
		"bad fingerprint":  {`{"secretlint_baseline": 1, "entries": [{"fingerprint": "xyz", "rule": "r", "path": "p"}]}`, "32 lowercase hex"},
		"unknown field":    {`{"secretlint_baseline": 1, "entires": []}`, "entires"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := baseline.Read(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	// A hand-written file without the sentinel or comment is fine.
	b, err := baseline.Read(strings.NewReader(`{"secretlint_baseline": 1, "entries": [{"fingerprint": "0123456789abcdef0123456789abcdef", "rule": "r", "path": "p"}]}`))
	if err != nil || len(b.Entries) != 1 {
		t.Errorf("minimal file: %v, %v", b, err)
	}
}

func TestFilter(t *testing.T) {
	salt := "s"
	old := mkFinding(salt, "github-pat", "app.yaml", fakeToken, 3)
	gone := mkFinding(salt, "github-pat", "removed.yaml", fakeToken, 1)
	b := baseline.FromFindings(salt, []finding.Finding{old, gone})
	f := baseline.NewFilter(b, nil)

	moved := old
	moved.Line = 30 // the line moved: same fingerprint
	changed := mkFinding(salt, "github-pat", "app.yaml", "ghp_"+"Zz9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8", 3)
	copied := mkFinding(salt, "github-pat", "copy.yaml", fakeToken, 3) // same value, other file

	kept, accepted := f.Apply([]finding.Finding{moved, changed, copied})
	if accepted != 1 || len(kept) != 2 || kept[0].Fingerprint != changed.Fingerprint || kept[1].Fingerprint != copied.Fingerprint {
		t.Errorf("accepted %d, kept %+v; want the moved one accepted, the changed and copied ones kept", accepted, kept)
	}
	stale := f.Stale(nil)
	if len(stale) != 1 || stale[0].Path != "removed.yaml" {
		t.Errorf("stale = %+v, want the removed.yaml entry", stale)
	}
	if s := f.Stale(func(p string) bool { return p == "app.yaml" }); len(s) != 0 {
		t.Errorf("stale in scope app.yaml = %+v, want none", s)
	}
}

func TestGitleaksIgnore(t *testing.T) {
	const commit = "1b6da43b82b22e4eaa10bcf8ee591e91abbfc587"
	in := "# comment\n\nconfig/app.yaml:aws-access-token:12\n" + commit + `:src\main.go:github-pat:20` + "\nunused.txt:generic-api-key:1\n"
	gl, err := baseline.ParseGitleaksIgnore(strings.NewReader(in), ".gitleaksignore")
	if err != nil {
		t.Fatal(err)
	}
	want := []baseline.GitleaksIgnore{
		{File: "config/app.yaml", Rule: "aws-access-token", Line: 12, Source: ".gitleaksignore:3"},
		{Commit: commit, File: "src/main.go", Rule: "github-pat", Line: 20, Source: ".gitleaksignore:4"},
		{File: "unused.txt", Rule: "generic-api-key", Line: 1, Source: ".gitleaksignore:5"},
	}
	if !reflect.DeepEqual(gl, want) {
		t.Fatalf("got  %+v\nwant %+v", gl, want)
	}
	f := baseline.NewFilter(nil, gl)
	cases := []struct {
		name string
		f    finding.Finding
		want bool
	}{
		{"global entry, tree finding", finding.Finding{RuleID: "aws-access-token", File: "config/app.yaml", Line: 12}, true},
		{"global entry, history finding", finding.Finding{RuleID: "aws-access-token", File: "config/app.yaml", Line: 12, Commit: "abc"}, true},
		{"global entry, line moved", finding.Finding{RuleID: "aws-access-token", File: "config/app.yaml", Line: 13}, false},
		{"global entry, other rule", finding.Finding{RuleID: "generic-api-key", File: "config/app.yaml", Line: 12}, false},
		{"commit entry, that commit", finding.Finding{RuleID: "github-pat", File: "src/main.go", Line: 20, Commit: commit}, true},
		{"commit entry, tree finding", finding.Finding{RuleID: "github-pat", File: "src/main.go", Line: 20}, false},
	}
	for _, c := range cases {
		if got := f.Accepted(&c.f); got != c.want {
			t.Errorf("%s: accepted = %v, want %v", c.name, got, c.want)
		}
	}
	if st := f.StaleGitleaks(nil); len(st) != 1 || st[0].File != "unused.txt" {
		t.Errorf("stale gitleaks entries = %+v", st)
	}
	for _, bad := range []string{"a:b\n", "a:b:c:d:e\n", "f:r:x\n"} {
		if _, err := baseline.ParseGitleaksIgnore(strings.NewReader(bad), "g"); err == nil || !strings.Contains(err.Error(), "g:1") {
			t.Errorf("ParseGitleaksIgnore(%q) err = %v, want an error at g:1", bad, err)
		}
	}
}

// entry makes a baseline entry with a fingerprint starting with the given
// hex digit, so the test controls where it sorts.
func entry(digit, path string) baseline.Entry {
	return baseline.Entry{Fingerprint: strings.Repeat(digit, 32), Rule: "github-pat", Path: path}
}

func writeBaseline(t *testing.T, dir string, es ...baseline.Entry) {
	t.Helper()
	var buf bytes.Buffer
	if err := (&baseline.Baseline{SaltCheck: baseline.SaltCheck(""), Entries: es}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, baseline.DefaultFile), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGitMerge merges, with real git, two branches that both add baseline
// entries.
func TestGitMerge(t *testing.T) {
	base := []baseline.Entry{entry("1", "one"), entry("5", "five"), entry("9", "nine")}
	merge := func(t *testing.T, union bool, a, b baseline.Entry) (string, error) {
		r := gittest.New(t)
		if union {
			r.Write(".gitattributes", baseline.DefaultFile+" merge=union\n")
		}
		writeBaseline(t, r.Dir, base...)
		r.Commit("baseline")
		r.Git("checkout", "-q", "-b", "a")
		writeBaseline(t, r.Dir, append([]baseline.Entry{a}, base...)...)
		r.Commit("a adds")
		r.Git("checkout", "-q", "main")
		r.Git("checkout", "-q", "-b", "b")
		writeBaseline(t, r.Dir, append([]baseline.Entry{b}, base...)...)
		r.Commit("b adds")
		out, err := r.TryGit("merge", "--no-edit", "a")
		return r.Dir, mergeErr(out, err)
	}
	check := func(t *testing.T, dir string, want int) {
		b, err := baseline.Load(filepath.Join(dir, baseline.DefaultFile))
		if err != nil {
			t.Fatalf("merged baseline does not parse: %v", err)
		}
		if len(b.Entries) != want {
			t.Errorf("merged baseline has %d entries, want %d", len(b.Entries), want)
		}
	}
	t.Run("different gaps", func(t *testing.T) {
		dir, err := merge(t, false, entry("3", "three"), entry("7", "seven"))
		if err != nil {
			t.Fatal(err)
		}
		check(t, dir, 5)
	})
	t.Run("first and last", func(t *testing.T) {
		dir, err := merge(t, false, entry("0", "zero"), entry("f", "fifteen"))
		if err != nil {
			t.Fatal(err)
		}
		check(t, dir, 5)
	})
	t.Run("same gap, default driver conflicts", func(t *testing.T) {
		// This is why the README recommends merge=union.
		if _, err := merge(t, false, entry("2", "two"), entry("3", "three")); err == nil {
			t.Error("git merged insertions into the same gap without conflict; update the documentation")
		}
	})
	t.Run("same gap, merge=union", func(t *testing.T) {
		dir, err := merge(t, true, entry("2", "two"), entry("3", "three"))
		if err != nil {
			t.Fatal(err)
		}
		check(t, dir, 5)
	})
}

func mergeErr(out string, err error) error {
	if err != nil {
		return &mergeError{out}
	}
	return nil
}

type mergeError struct{ out string }

func (e *mergeError) Error() string { return "git merge failed: " + e.out }
