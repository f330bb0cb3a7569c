package scan

import (
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// namePatternSeeds are simple ignore lines: literal names, *suffix,
// prefix*, other globs, negations, directories, escapes, bad globs.
var namePatternSeeds = []string{
	"node_modules", "*.log", "bin*", "*.tar.gz", "!keep.log", "build/", "!dist/", "?at", "[abc]*.go",
	"*", "a*b", `\*literal`, `trail\ `, "spaces   ", "[", "*[", "x[", "/", "!", "*.", ".*", "**", "foo**",
}

var namePatternNames = []string{"node_modules", "a.log", "bin", "binary", "x.tar.gz", "keep.log", "build", "dist", "cat", "bat", "a.go", "ab", "axb", "*literal", "trail ", "spaces", "[", ".env", "foo", "foobar", ""}

// checkNamePattern fails when namePattern answers otherwise than go-git
// for an entry of a directory below the pattern's domain.
func checkNamePattern(t *testing.T, line, name string, isDir bool) {
	if !simplePattern(line) {
		return
	}
	domain := []string{"repo", "sub"}
	want := gitignore.ParsePattern(line, domain).Match(append(domain, name), isDir)
	np := compileNamePattern(line)
	if got := np.match(name, isDir); got != want {
		t.Errorf("pattern %q on %q (dir %v) = %v, go-git says %v", line, name, isDir, got, want)
	}
}

// TestNamePatternAsGoGit: the walk's own name matching decides as
// go-git's does, for every form of simple pattern.
func TestNamePatternAsGoGit(t *testing.T) {
	for _, l := range namePatternSeeds {
		for _, n := range namePatternNames {
			checkNamePattern(t, l, n, false)
			checkNamePattern(t, l, n, true)
		}
	}
}

func FuzzNamePattern(f *testing.F) {
	for i, l := range namePatternSeeds {
		f.Add(l, namePatternNames[i%len(namePatternNames)], i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, line, name string, isDir bool) {
		if name == "" || strings.Contains(name, "/") {
			return // an entry's name
		}
		checkNamePattern(t, line, name, isDir)
	})
}
