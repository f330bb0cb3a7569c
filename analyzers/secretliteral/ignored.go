package secretliteral

import (
	"context"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/secretlint-go/secretlint/analyzers/internal/core"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

// ignoredFiles checks the package's Go files that build constraints
// exclude from this build (pass.IgnoredFiles: //go:build e2e,
// integration tests, other platforms), which the type checker never sees.
// They get what needs no types: scan's pipeline for one Go file (provider
// rules over the text, and the syntax-level goscan rules: secret names,
// known sinks, same-file helpers), with its in-file directives, reported
// at positions in those files as x/tools' buildtag analyzer does. go vet,
// the golangci-lint plugin and the standalone driver print them like any
// other diagnostic.
func (c *checker) ignoredFiles() {
	if !reportsIgnored(c.pass) {
		return
	}
	read := c.pass.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	var ignored []excluded
	for _, name := range c.pass.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") || c.rep.PathAllowed(name) {
			continue
		}
		if src, err := read(name); err == nil {
			ignored = append(ignored, excluded{name, c.rep.RelName(name), src})
		}
	}
	c.checkExcluded(ignored, "file", c.rep.PackageRemote)
	root, dirs := c.orphanDirs()
	if len(dirs) == 0 {
		return
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return
	}
	defer r.Close()
	for _, dir := range dirs {
		var files []excluded
		for _, e := range (&orphanWalker{root: r}).entries(dir) {
			name := filepath.Join(root, filepath.FromSlash(dir), e.Name())
			if !goFile(e) || c.rep.PathAllowed(name) {
				continue
			}
			if src, err := readRegular(r, dir+"/"+e.Name()); err == nil {
				files = append(files, excluded{name, path.Clean(dir + "/" + e.Name()), src})
			}
		}
		c.checkExcluded(files, "package", func() bool { return false })
	}
}

// excluded is a Go file this build excludes: its path, its path below the
// module (what the test-code policy and the scan side judge) and its
// content.
type excluded struct {
	name, rel string
	src       []byte
}

// readRegular reads a regular file of at most maxOrphanFile bytes below
// the root, following no link.
func readRegular(r *os.Root, name string) ([]byte, error) {
	fi, err := r.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxOrphanFile {
		return nil, fs.ErrInvalid
	}
	f, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxOrphanFile))
}

// checkExcluded checks Go files that this build excludes, of one
// package or directory, and reports their findings at positions in them.
// A test among them reaches a live system (rules.LiveTest) when it is
// marked as one and it, another of them or (remote) the package names a
// remote host.
func (c *checker) checkExcluded(files []excluded, what string, remote func() bool) {
	near := false
	for _, x := range files {
		near = near || rules.NamesRemoteHost(x.src)
	}
	for _, x := range files {
		c.checkExcludedFile(x, what, near || remote())
	}
}

func (c *checker) checkExcludedFile(x excluded, what string, remoteNear bool) {
	name, rel, src := x.name, x.rel, x.src
	tf := c.pass.Fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent(src)
	c.rep.AddExcluded(tf, rel, src, remoteNear)
	found, _ := scan.ScanFileIn(context.Background(), c.cfg, rel, src, scan.FileContext{RemoteNear: remoteNear})
	for _, f := range found {
		if f.Line < 1 || f.Line > tf.LineCount() || f.RuleID == "unused-suppression" {
			continue // a stale directive is judged in the build that sees the file
		}
		pos := tf.LineStart(f.Line) + token.Pos(f.Column-1)
		end := pos
		if f.EndLine >= f.Line && f.EndLine <= tf.LineCount() {
			end = tf.LineStart(f.EndLine) + token.Pos(f.EndColumn-1)
		}
		c.rep.Report(core.Finding{
			Rule: f.RuleID, Pos: pos, End: end, Secret: f.Secret.Reveal(),
			Message: f.Message + " (in a " + what + " this build excludes)",
		})
	}
}

// reportsIgnored reports whether this pass reports the ignored files.
// go vet hands them to every variant of a package it runs: the package
// with its in-package tests (p [p.test]) instead of p when there are
// such tests, p otherwise, and the external test package (p_test
// [p.test]). They are reported once, by the variant that holds the
// package's own files or in-package tests, or by the external test
// package in a directory that holds nothing else. Drivers that load both
// p and p [p.test] (go/packages with tests) report them twice at the
// same place, which golangci-lint merges.
func reportsIgnored(pass *analysis.Pass) bool {
	if !strings.HasSuffix(pass.Pkg.Name(), "_test") {
		return true
	}
	for _, f := range pass.Files {
		if !strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go") {
			return true
		}
	}
	return !inPackageTests(pass)
}

// inPackageTests reports whether the directory of an external test
// package also holds a package of this build, its own files or in-package
// tests, whose variant reports the ignored files.
func inPackageTests(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	dir := filepath.Dir(pass.Fset.File(pass.Files[0].FileStart).Name())
	r, err := os.OpenRoot(dir)
	if err != nil {
		return false
	}
	defer r.Close()
	w := &orphanWalker{root: r, ctxt: buildContext(r)}
	for _, e := range w.entries(".") {
		if !goFile(e) {
			continue
		}
		if ok, err := w.ctxt.MatchFile(".", e.Name()); !ok || err != nil {
			continue
		}
		src, err := readRegular(r, e.Name())
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), e.Name(), src, parser.PackageClauseOnly)
		if err == nil && f.Name.Name != pass.Pkg.Name() {
			return true
		}
	}
	return false
}
