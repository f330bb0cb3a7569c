package scan

import (
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/goscan"
)

// goModules finds, for a scanned Go file, the module it belongs to, and
// computes on demand the function summaries of the module's packages
// (goscan.Summarise), so that a literal passed to a function of another
// package of the module is judged where that function's parameter goes.
// It reads only below the scanned roots, through os.Root (no link leads
// outside the module), and only what goscan asks for: the rare calls
// with a literal that could be a credential.
type goModules struct {
	roots   []string // absolute scanned roots (directories)
	maxSize int64
	opts    goscan.Options

	mu     sync.Mutex
	dirs   map[string]*goModule // directory -> its module (nil: none below a root)
	pkgs   map[string]*goscan.Summaries
	remote map[string]bool // directory -> a Go file in it names a remote host
}

type goModule struct {
	path string   // module path
	root *os.Root // the module's directory
}

// maxSummaryFiles bounds the files of one package read for summaries.
const maxSummaryFiles = 200

func newGoModules(paths []string, maxSize int64, opts goscan.Options) *goModules {
	g := &goModules{maxSize: maxSize, opts: opts, dirs: map[string]*goModule{}, pkgs: map[string]*goscan.Summaries{}}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
			abs = filepath.Dir(abs)
		}
		g.roots = append(g.roots, abs)
	}
	return g
}

// imported returns goscan's Options.Imported for the Go file at abs; it
// finds nothing for a file in no module below a scanned root.
func (g *goModules) imported(abs string) func(string) *goscan.Summaries {
	if g == nil {
		return nil
	}
	// One closure per file, called from the goroutine scanning it: the
	// module and the answers are kept here, without the lock.
	var m *goModule
	looked := false
	var seen map[string]*goscan.Summaries
	return func(importPath string) *goscan.Summaries {
		if sum, ok := seen[importPath]; ok {
			return sum
		}
		if !looked {
			m, looked = g.moduleOf(filepath.Dir(abs)), true // only when goscan asks
		}
		var sum *goscan.Summaries
		if m != nil {
			if rest, ok := strings.CutPrefix(importPath, m.path+"/"); ok && fs.ValidPath(rest) && !strings.Contains(rest, "vendor/") && rest != "vendor" {
				sum = g.summaries(m, rest)
			}
		}
		if seen == nil {
			seen = map[string]*goscan.Summaries{}
		}
		seen[importPath] = sum
		return sum
	}
}

// local returns goscan's Options.Local for the Go file at abs: the
// summaries of the package in its directory, when the directory is in a
// module below a scanned root.
func (g *goModules) local(abs string) func() *goscan.Summaries {
	if g == nil {
		return nil
	}
	return func() *goscan.Summaries {
		dir := filepath.Dir(abs)
		m := g.moduleOf(dir)
		if m == nil {
			return nil
		}
		rel, err := filepath.Rel(m.root.Name(), dir)
		if err != nil || !fs.ValidPath(filepath.ToSlash(rel)) {
			return nil
		}
		return g.summaries(m, filepath.ToSlash(rel))
	}
}

// modulePath returns the module path of the Go file at abs, "" when it
// is in no module below a scanned root.
func (g *goModules) modulePath(abs string) string {
	if g == nil {
		return ""
	}
	if m := g.moduleOf(filepath.Dir(abs)); m != nil {
		return m.path
	}
	return ""
}

// moduleOf returns the module of a directory: the nearest go.mod at or
// above it, not above a scanned root.
func (g *goModules) moduleOf(dir string) *goModule {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.moduleOfLocked(dir, 0)
}

func (g *goModules) moduleOfLocked(dir string, depth int) *goModule {
	if m, ok := g.dirs[dir]; ok {
		return m
	}
	m, found := readGoModule(dir)
	if !found {
		if parent := filepath.Dir(dir); parent != dir && depth < 64 && g.below(parent) {
			m = g.moduleOfLocked(parent, depth+1)
		}
	}
	g.dirs[dir] = m
	return m
}

// readGoModule reads dir/go.mod through an os.Root of dir, and only when it
// is a regular file of at most 1 MiB: the scanned tree is untrusted, and a
// go.mod that is a link (out of the tree, to a device or a FIFO) is not
// followed. found says whether dir has a go.mod entry at all; m is nil
// when it is not a usable module.
func readGoModule(dir string) (m *goModule, found bool) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, false
	}
	fi, err := r.Lstat("go.mod")
	if err != nil {
		_ = r.Close()
		return nil, false
	}
	if fi.Mode().IsRegular() && fi.Size() <= 1<<20 {
		if data, err := fs.ReadFile(r.FS(), "go.mod"); err == nil {
			if p := modfile.ModulePath(data); p != "" {
				return &goModule{path: p, root: r}, true
			}
		}
	}
	_ = r.Close()
	return nil, true
}

// below reports whether dir is a scanned root or inside one.
func (g *goModules) below(dir string) bool {
	for _, r := range g.roots {
		if dir == r || strings.HasPrefix(dir, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// summaries returns the summaries of the package in directory rel of
// module m, one value per package, computed on first use.
func (g *goModules) summaries(m *goModule, rel string) *goscan.Summaries {
	key := m.root.Name() + "\x00" + rel
	g.mu.Lock()
	defer g.mu.Unlock()
	sum := g.pkgs[key]
	if sum == nil {
		sum = goscan.NewSummaries(func() *goscan.Summaries { return g.summarise(m, rel) }, func() map[string]bool { return g.declaredFuncs(m, rel) })
		g.pkgs[key] = sum
	}
	return sum
}

func (g *goModules) summarise(m *goModule, rel string) *goscan.Summaries {
	fset := token.NewFileSet()
	var asts []*ast.File
	var srcs [][]byte
	g.packageFiles(m, rel, maxSummaryFiles, func(name string, src []byte) bool {
		f, _ := goscan.ParseForSummary(fset, name, src)
		if f != nil { // what parsed is summarised
			asts, srcs = append(asts, f), append(srcs, src)
		}
		return f != nil
	})
	if len(asts) == 0 {
		return nil
	}
	// The provider rules decide, with the names, whether a constant's
	// declaration is reported where it is declared.
	opts := g.opts
	det, err := rules.DefaultDetector()
	if opts.Config != nil {
		det, err = opts.Config.Detector()
	}
	if err == nil {
		opts.Detect = func(c string) []rules.Match { return det.DetectChecked("", c) }
	}
	return goscan.Summarise(fset, asts, srcs, opts)
}

// declaredFuncs returns the functions the package in directory rel of
// module m may declare, read without parsing (goscan.DeclaredFuncs) from
// the files summarise reads: the same first maxSummaryFiles, since
// ParseForSummary gives every file it is handed an AST.
func (g *goModules) declaredFuncs(m *goModule, rel string) map[string]bool {
	names := map[string]bool{}
	g.packageFiles(m, rel, maxSummaryFiles, func(_ string, src []byte) bool {
		goscan.DeclaredFuncs(src, names)
		return true
	})
	return names
}

// packageFiles calls f with the files of the package in directory rel of
// module m, read through the module's os.Root: its regular .go files that
// are not tests, of at most the size cap, until limit of them (when not
// negative) made f return true.
func (g *goModules) packageFiles(m *goModule, rel string, limit int, f func(name string, src []byte) bool) {
	fsys := m.root.FS()
	entries, err := fs.ReadDir(fsys, rel)
	if err != nil {
		return
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if n == limit {
			return
		}
		if fi, err := e.Info(); err != nil || fi.Size() > g.maxSize {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(rel, name))
		if err != nil {
			continue
		}
		if f(name, src) {
			n++
		}
	}
}

// remoteNear reports whether a Go file of the directory of the Go file at
// abs names a remote host (rules.NamesRemoteHost), so that a test marked
// as live in a file that does not name its host itself (the host is a
// flag default or a constant in another file) reaches a live system. It
// reads the directory's regular .go files, through an os.Root of it and
// only below a scanned root, once per directory.
func (g *goModules) remoteNear(abs string) bool {
	if g == nil {
		return false
	}
	dir := filepath.Dir(abs)
	g.mu.Lock()
	if g.remote == nil {
		g.remote = map[string]bool{}
	}
	v, ok := g.remote[dir]
	g.mu.Unlock()
	if ok {
		return v
	}
	if g.below(dir) {
		v = dirNamesRemoteHost(dir, g.maxSize)
	}
	g.mu.Lock()
	g.remote[dir] = v
	g.mu.Unlock()
	return v
}

func dirNamesRemoteHost(dir string, maxSize int64) bool {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return false
	}
	defer r.Close()
	entries, err := fs.ReadDir(r.FS(), ".")
	if err != nil {
		return false
	}
	for i, e := range entries {
		if i == maxSummaryFiles {
			break
		}
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		if fi, err := e.Info(); err != nil || fi.Size() > maxSize {
			continue
		}
		if src, err := fs.ReadFile(r.FS(), e.Name()); err == nil && rules.NamesRemoteHost(src) {
			return true
		}
	}
	return false
}
