package gitsource

import (
	"reflect"
	"strings"
	"testing"
)

func parseAll(t testing.TB, diff string, keep bool) ([]*Commit, []*FileDiff) {
	t.Helper()
	var cs []*Commit
	var fds []*FileDiff
	err := ParseDiff(strings.NewReader(diff), keep, func(c *Commit, fd *FileDiff) error {
		cs = append(cs, c)
		fds = append(fds, fd)
		return nil
	})
	if err != nil {
		t.Fatalf("ParseDiff: %v", err)
	}
	return cs, fds
}

func TestParseDiff(t *testing.T) {
	type want struct {
		old, new string
		added    Ranges
		lines    []string
		binary   bool
	}
	cases := map[string]struct {
		diff string
		want []want
	}{
		"modified, U0, two hunks": {
			diff: `diff --git a/app/config.yaml b/app/config.yaml
index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644
--- a/app/config.yaml
+++ b/app/config.yaml
@@ -3 +3,2 @@ top:
-  old: 1
+  new: 1
+  newer: 2
@@ -10,0 +12 @@ other:
+  appended: yes
`,
			want: []want{{"app/config.yaml", "app/config.yaml", Ranges{{3, 4}, {12, 12}}, []string{"  new: 1", "  newer: 2", "  appended: yes"}, false}},
		},
		"new file and deletion": {
			diff: `diff --git a/new.txt b/new.txt
new file mode 100644
index 0000000000000000000000000000000000000000..3333333333333333333333333333333333333333
--- /dev/null
+++ b/new.txt
@@ -0,0 +1,2 @@
+first
+second
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
index 4444444444444444444444444444444444444444..0000000000000000000000000000000000000000
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
`,
			want: []want{
				{"", "new.txt", Ranges{{1, 2}}, []string{"first", "second"}, false},
				{"gone.txt", "", nil, nil, false},
			},
		},
		"pure deletion inside a file": {
			diff: `diff --git a/f b/f
--- a/f
+++ b/f
@@ -5,2 +4,0 @@
-x
-y
@@ -9 +8 @@
-z
+w
`,
			want: []want{{"f", "f", Ranges{{8, 8}}, []string{"w"}, false}},
		},
		"context lines count": {
			diff: `diff --git a/f b/f
--- a/f
+++ b/f
@@ -1,3 +1,4 @@
 keep
+added two
 keep three
+added four
`,
			want: []want{{"f", "f", Ranges{{2, 2}, {4, 4}}, []string{"added two", "added four"}, false}},
		},
		"content that looks like headers": {
			diff: `diff --git a/f b/f
--- a/f
+++ b/f
@@ -1 +1,3 @@
-x
+++ not a header
+--- nor this
+diff --git a/x b/x
`,
			want: []want{{"f", "f", Ranges{{1, 3}}, []string{"++ not a header", "--- nor this", "diff --git a/x b/x"}, false}},
		},
		"quoted unicode path and rename": {
			diff: `diff --git "a/caf\303\251 old.txt" "b/caf\303\251 new.txt"
similarity index 80%
rename from "caf\303\251 old.txt"
rename to "caf\303\251 new.txt"
--- "a/caf\303\251 old.txt"
+++ "b/caf\303\251 new.txt"
@@ -2 +2 @@
-a
+b
`,
			want: []want{{"café old.txt", "café new.txt", Ranges{{2, 2}}, []string{"b"}, false}},
		},
		"binary": {
			diff: `diff --git a/img.png b/img.png
new file mode 100644
index 0000000000000000000000000000000000000000..5555555555555555555555555555555555555555
Binary files /dev/null and b/img.png differ
`,
			want: []want{{"", "img.png", nil, nil, true}},
		},
		"mode change only, spaces in path": {
			diff: `diff --git a/my file.sh b/my file.sh
old mode 100644
new mode 100755
`,
			want: []want{{"my file.sh", "my file.sh", nil, nil, false}},
		},
		"no newline at end": {
			diff: `diff --git a/f b/f
--- a/f
+++ b/f
@@ -1 +1 @@
-a
\ No newline at end of file
+b
\ No newline at end of file
`,
			want: []want{{"f", "f", Ranges{{1, 1}}, []string{"b"}, false}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, fds := parseAll(t, tc.diff, true)
			if len(fds) != len(tc.want) {
				t.Fatalf("got %d files, want %d: %+v", len(fds), len(tc.want), fds)
			}
			for i, w := range tc.want {
				fd := fds[i]
				if fd.OldPath != w.old || fd.NewPath != w.new {
					t.Errorf("file %d: paths %q -> %q, want %q -> %q", i, fd.OldPath, fd.NewPath, w.old, w.new)
				}
				if !reflect.DeepEqual(fd.Added, w.added) {
					t.Errorf("file %d: added %v, want %v", i, fd.Added, w.added)
				}
				if !reflect.DeepEqual(fd.Lines, w.lines) {
					t.Errorf("file %d: lines %q, want %q", i, fd.Lines, w.lines)
				}
				if fd.Binary != w.binary {
					t.Errorf("file %d: binary %v, want %v", i, fd.Binary, w.binary)
				}
			}
		})
	}
}

func TestParseDiffLog(t *testing.T) {
	log := "\x1esecretlint-commit\x1f" + strings.Repeat("a", 40) + "\x1fAda Lovelace\x1fada@example.com\x1f2024-03-01T10:00:00+01:00\n" +
		`
diff --git a/x.env b/x.env
new file mode 100644
--- /dev/null
+++ b/x.env
@@ -0,0 +1 @@
+TOKEN=abc
` + "\x1esecretlint-commit\x1f" + strings.Repeat("b", 40) + "\x1fGrace Hopper\x1fgrace@example.com\x1f2024-03-02T10:00:00Z\n" +
		`
diff --git a/x.env b/x.env
--- a/x.env
+++ b/x.env
@@ -1 +0,0 @@
-TOKEN=abc
diff --git a/y b/y
--- a/y
+++ b/y
@@ -7,0 +8 @@
+more
`
	cs, fds := parseAll(t, log, true)
	if len(fds) != 3 {
		t.Fatalf("got %d file diffs, want 3", len(fds))
	}
	if cs[0].Hash != strings.Repeat("a", 40) || cs[0].Author != "Ada Lovelace" || cs[0].Email != "ada@example.com" || cs[0].Date != "2024-03-01T10:00:00+01:00" {
		t.Errorf("first commit = %+v", cs[0])
	}
	if cs[1].Hash != strings.Repeat("b", 40) || cs[2] != cs[1] {
		t.Errorf("second and third file diffs should belong to commit b: %+v %+v", cs[1], cs[2])
	}
	if len(fds[1].Lines) != 0 || !reflect.DeepEqual(fds[2].LineNumbers, []int{8}) {
		t.Errorf("added lines: %v / %v", fds[1].LineNumbers, fds[2].LineNumbers)
	}
}

func TestUnquote(t *testing.T) {
	cases := map[string]string{
		`plain`:                    `plain`,
		`"caf\303\251"`:            "café",
		`"tab\there"`:              "tab\there",
		`"quote\"d"`:               `quote"d`,
		`"back\\slash"`:            `back\slash`,
		`"trailing backslash\"`:    `trailing backslash\`,
		`"bad octal \8"`:           `bad octal 8`,
		`"short octal \30"`:        `short octal 30`,
		`"newline\nin name"`:       "newline\nin name",
		`"only opening quote`:      `"only opening quote`,
		`"nul-free \101\102\103"`:  "nul-free ABC",
		`"high octal \377 stays"`:  "high octal \xff stays",
		`"four \0123 is 3 digits"`: "four \n3 is 3 digits",
	}
	for in, want := range cases {
		if got := unquote(in); got != want {
			t.Errorf("unquote(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestRangesOverlaps(t *testing.T) {
	rs := Ranges{{3, 4}, {10, 10}}
	cases := []struct {
		start, end int
		want       bool
	}{{1, 2, false}, {2, 3, true}, {4, 4, true}, {5, 9, false}, {9, 12, true}, {11, 20, false}, {4, 1, true}}
	for _, c := range cases {
		if got := rs.Overlaps(c.start, c.end); got != c.want {
			t.Errorf("Overlaps(%d, %d) = %v, want %v", c.start, c.end, got, c.want)
		}
	}
}

// FuzzParseDiff checks that the parser never panics or fails on any input,
// that it is deterministic, and that what it reports is consistent: added
// ranges sorted, disjoint and positive, one number per kept line, and
// line numbers inside the ranges.
func FuzzParseDiff(f *testing.F) {
	f.Add("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n-x\n+y\n+z\n")
	f.Add("diff --git \"a/\\303\\251\" \"b/\\303\\251\"\n@@ -0,0 +1 @@\n+a\n")
	f.Add("\x1esecretlint-commit\x1fabc\x1fA\x1fa@b\x1f2024\ndiff --git a/f b/f\n@@@ -1,2 -1,2 +1,3 @@@\n++x\n")
	f.Add("diff --git a/f b/f\n@@ -5,2 +4,0 @@\n-x\n-y\n@@ -1 +1 @@ ctx\n \n+\n")
	f.Add("@@ -1 +99999999999 @@\n+x\n")
	f.Add("diff --git a/f b/f\n@@ -1 +5 @@\n+a\n@@ -1 +2 @@\n+b\n@@ -1 +5 @@\n+c\n")
	f.Fuzz(func(t *testing.T, diff string) {
		_, a := parseAll(t, diff, true)
		_, b := parseAll(t, diff, true)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("not deterministic")
		}
		for _, fd := range a {
			if len(fd.Lines) != len(fd.LineNumbers) {
				t.Fatalf("%d lines, %d numbers", len(fd.Lines), len(fd.LineNumbers))
			}
			prev := 0
			for _, r := range fd.Added {
				if r.Start < 0 || r.End < r.Start || r.Start <= prev+1 && prev != 0 {
					t.Fatalf("bad ranges %v", fd.Added)
				}
				prev = r.End
			}
			for _, n := range fd.LineNumbers {
				if !fd.Added.Overlaps(n, n) {
					t.Fatalf("line %d outside %v", n, fd.Added)
				}
			}
			for _, l := range fd.Lines {
				if len(l) > len(diff) {
					t.Fatalf("line longer than input")
				}
			}
		}
	})
}
