package secretliteral

import (
	"errors"
	"go/build"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// maxOrphanFile caps the size of an excluded Go file read for checking.
const maxOrphanFile = 4 << 20

// A directory whose every Go file build constraints exclude (an e2e suite
// behind //go:build e2e, a //go:build ignore generator in tools/) is not a
// package of this build: go list drops it and go vet ./... never runs a
// pass for it, so pass.IgnoredFiles never names its files either. Each
// such directory is checked by exactly one pass, its owner: the pass of
// the nearest directory above it that holds a package of this build, or,
// where no directory up to the module root does, the pass of the module's
// first package in lexical order. The walk stays in the module (nested
// modules, testdata, vendor and directories named with a leading . or _
// are skipped, as go's ./... skips them), reads through an os.Root of the
// module, and follows no link.
//
// Build tags given on go vet's command line are not passed to the vet
// tool; tags in GOFLAGS are. A directory that -tags makes a package is
// therefore checked twice under go vet -tags (once with types): set the
// tags in GOFLAGS instead.

// orphanDirs returns the module-relative directories this pass owns and
// the module root they are relative to.
func (c *checker) orphanDirs() (string, []string) {
	dir := c.packageDir()
	if dir == "" {
		return "", nil
	}
	root := moduleRoot(dir)
	if root == "" {
		root = dir
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", nil
	}
	defer r.Close()
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", nil
	}
	w := &orphanWalker{root: r, ctxt: buildContext(r)}
	w.walk(filepath.ToSlash(rel))
	if rel != "." && !w.buildable(".") && w.firstPackage(".") == filepath.ToSlash(rel) {
		if w.hasGo(".") {
			w.orphans = append(w.orphans, ".")
		}
		w.walk(".")
	}
	return root, w.orphans
}

// packageDir is the directory of the package's own files: the one most of
// its Go files (cgo's generated files live elsewhere) and ignored files
// are in.
func (c *checker) packageDir() string {
	count := map[string]int{}
	best := ""
	add := func(name string) {
		if !filepath.IsAbs(name) {
			return
		}
		d := filepath.Dir(name)
		count[d]++
		if count[d] > count[best] || count[d] == count[best] && d < best {
			best = d
		}
	}
	for _, f := range c.pass.Files {
		if tf := c.pass.Fset.File(f.FileStart); tf != nil {
			add(tf.Name())
		}
	}
	for _, name := range c.pass.IgnoredFiles {
		add(name)
	}
	return best
}

// moduleRoot returns the nearest directory at or above dir that holds a
// go.mod file, or "".
func moduleRoot(dir string) string {
	for d := dir; ; {
		if fi, err := os.Lstat(filepath.Join(d, "go.mod")); err == nil && fi.Mode().IsRegular() {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// buildContext is go/build's default context with the tags of GOFLAGS,
// reading files through the module's os.Root.
func buildContext(r *os.Root) *build.Context {
	ctxt := build.Default
	ctxt.BuildTags = goflagsTags(os.Getenv("GOFLAGS"))
	ctxt.JoinPath = func(elem ...string) string { return filepath.ToSlash(filepath.Join(elem...)) }
	ctxt.OpenFile = func(name string) (io.ReadCloser, error) {
		fi, err := r.Lstat(name)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			return nil, errors.New("not a regular file")
		}
		return r.Open(name)
	}
	ctxt.ReadDir = func(name string) ([]fs.FileInfo, error) {
		return nil, errors.New("not used")
	}
	return &ctxt
}

// goflagsTags returns the build tags of a GOFLAGS value (-tags=a,b or
// -tags a,b; the old space-separated form too).
func goflagsTags(goflags string) []string {
	fields := strings.Fields(goflags)
	var tags []string
	for i, f := range fields {
		f = strings.TrimPrefix(f, "-")
		var v string
		switch {
		case strings.HasPrefix(f, "-tags="), strings.HasPrefix(f, "tags="):
			v = f[strings.Index(f, "=")+1:]
		case (f == "tags" || f == "-tags") && i+1 < len(fields):
			v = fields[i+1]
		default:
			continue
		}
		tags = nil // the last -tags wins, as in go's flag parsing
		for t := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			tags = append(tags, t)
		}
	}
	return tags
}

// orphanWalker finds the directories of a module that hold Go files but
// no package of this build.
type orphanWalker struct {
	root    *os.Root
	ctxt    *build.Context
	orphans []string
}

// entries returns a directory's entries by name, links and unreadable
// directories giving none.
func (w *orphanWalker) entries(dir string) []fs.DirEntry {
	f, err := w.root.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	es, _ := f.ReadDir(-1)
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es
}

// goFile reports whether go would consider the entry as a source file.
func goFile(e fs.DirEntry) bool {
	n := e.Name()
	return e.Type().IsRegular() && strings.HasSuffix(n, ".go") && n[0] != '.' && n[0] != '_'
}

// hasGo reports whether a directory holds Go source files.
func (w *orphanWalker) hasGo(dir string) bool {
	return slices.ContainsFunc(w.entries(dir), goFile)
}

// buildable reports whether a directory holds a Go file of this build.
func (w *orphanWalker) buildable(dir string) bool {
	for _, e := range w.entries(dir) {
		if goFile(e) {
			if ok, err := w.ctxt.MatchFile(dir, e.Name()); ok && err == nil {
				return true
			}
		}
	}
	return false
}

// subdirs returns the directories below dir that go's ./... would visit.
func (w *orphanWalker) subdirs(dir string) []string {
	var out []string
	for _, e := range w.entries(dir) {
		n := e.Name()
		if !e.IsDir() || n[0] == '.' || n[0] == '_' || n == "testdata" || n == "vendor" {
			continue
		}
		sub := filepath.ToSlash(filepath.Join(dir, n))
		if _, err := w.root.Lstat(sub + "/go.mod"); err == nil {
			continue // another module
		}
		out = append(out, sub)
	}
	return out
}

// walk records the directories below dir, down to the next package of
// this build, that hold Go files.
func (w *orphanWalker) walk(dir string) {
	for _, sub := range w.subdirs(dir) {
		if w.buildable(sub) {
			continue // a package: its own pass owns what is below it
		}
		if w.hasGo(sub) {
			w.orphans = append(w.orphans, sub)
		}
		w.walk(sub)
	}
}

// firstPackage returns the first directory at or below dir, in lexical
// order, that holds a package of this build, or "".
func (w *orphanWalker) firstPackage(dir string) string {
	if w.buildable(dir) {
		return dir
	}
	for _, sub := range w.subdirs(dir) {
		if p := w.firstPackage(sub); p != "" {
			return p
		}
	}
	return ""
}
