package gorewrite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/packages"

	"github.com/secretlint-go/secretlint/internal/atomicfile"
)

// Module says which version of the runtime modules a rewrite requires
// when the rewritten module does not require them yet.
//
// The runtime is released as modules of its own, nested in secretlint's
// repository: RuntimePackage (the core, standard library only) and one
// module per backend (DefaultBackends), each tagged with the version of
// the secretlint release that writes calls to it (secretref/vX.Y.Z,
// secretref/awssecrets/vX.Y.Z, secretref/vault/vX.Y.Z). A module that
// already requires one of them keeps its version.
type Module struct {
	// Version to require; empty means the version of the running
	// binary when it is a release. A development build does not know
	// which runtime matches it: the rewrite then needs the module to
	// require the runtime already, and says which `go get` to run.
	Version string
	// Online lets the proof and Apply download the runtime modules
	// through the module proxy; otherwise (a dry run) only the module
	// cache is used (GOPROXY=off) and nothing goes to the network.
	Online bool
}

// RuntimeError says why the runtime modules cannot be required, with the
// command that makes them resolvable. Its text holds no value.
type RuntimeError struct {
	Dir    string // the module's directory
	Get    string // the go get command to run in Dir
	Reason string
}

func (e *RuntimeError) Error() string {
	return "runtime module not resolvable (" + e.Reason + "): run `" + e.Get + "` in the module, then remediate again"
}

// ApplyOptions configures Apply.
type ApplyOptions struct {
	Options
	// Dir is the root of the user's module (the directory of go.mod).
	Dir string
	// BuildFlags are passed to the go command (for example -tags=x).
	BuildFlags []string
	// Env is the go command's environment; nil means os.Environ().
	Env []string
	// Module says where the runtime package comes from.
	Module Module
	// NoVet skips go vet in the proof (type-checking still runs).
	NoVet bool

	modfile string // -modfile of the proof, "" for the module's own
}

// Load loads the packages matching patterns in dir, with their tests, in
// the mode Plan needs. overlay maps absolute file paths to contents that
// replace the files on disk.
func Load(ctx context.Context, dir string, buildFlags, env []string, overlay map[string][]byte, patterns ...string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context:    ctx,
		Mode:       LoadMode,
		Dir:        dir,
		Tests:      true,
		BuildFlags: buildFlags,
		Env:        env,
		Overlay:    overlay,
	}
	return packages.Load(cfg, patterns...)
}

// Apply rewrites sites in the module at opts.Dir and proves that the
// result builds:
//
//  1. Prove plans the rewrite and proves it on a temporary copy of go.mod
//     and go.sum, writing nothing;
//  2. the go.mod and go.sum that the proof made require the runtime and
//     the backends the references need are written;
//  3. each file is written atomically (temporary file, fsync, rename, mode
//     kept), only if it still holds what was planned;
//  4. the written packages are type-checked once more, and every file of a
//     package that fails is restored.
//
// go.mod and go.sum are restored when nothing is rewritten. Apply never
// leaves a package that type-checked before in a state that does not.
func Apply(ctx context.Context, sites []Site, opts ApplyOptions) ([]Result, error) {
	ch, results, err := Prove(ctx, sites, opts)
	if err != nil || len(ch.Files) == 0 {
		return results, err
	}
	opts.Dir, _ = filepath.Abs(opts.Dir)
	var wroteMod []*FileChange
	restoreMod := func() error {
		for _, m := range wroteMod {
			if m.Old == nil {
				if err := os.Remove(m.Path); err != nil {
					return err
				}
			} else if err := writeAtomic(m.Path, m.Old, nil); err != nil {
				return err
			}
		}
		return nil
	}
	for _, m := range ch.Mod {
		if err := writeAtomic(m.Path, m.New, m.Old); err != nil {
			_ = restoreMod()
			return nil, fmt.Errorf("writing %s: %w", m.Path, err)
		}
		wroteMod = append(wroteMod, m)
	}
	var written []*FileChange
	for _, path := range slices.Sorted(maps.Keys(ch.Files)) {
		f := ch.Files[path]
		if err := writeAtomic(path, f.New, f.Old); err != nil {
			for _, w := range written {
				_ = writeAtomic(w.Path, w.Old, nil)
			}
			_ = restoreMod()
			return nil, fmt.Errorf("writing %s: %w", path, err)
		}
		written = append(written, f)
	}
	failed, err := Verify(ctx, opts, ch.Packages())
	if err != nil {
		return nil, err
	}
	for pkg, why := range failed {
		for _, f := range ch.Files {
			if f.Package == pkg {
				if err := writeAtomic(f.Path, f.Old, nil); err != nil {
					return nil, fmt.Errorf("restoring %s: %w", f.Path, err)
				}
			}
		}
		dropPackage(ch, results, pkg, why)
	}
	if len(ch.Files) == 0 {
		return results, restoreMod()
	}
	return results, nil
}

// Verify type-checks pkgs (import paths) with their tests as they are on
// disk and returns the failing ones with a reason holding no value.
func Verify(ctx context.Context, opts ApplyOptions, pkgs []string) (map[string]string, error) {
	opts.Dir, _ = filepath.Abs(opts.Dir)
	fails, err := typeErrors(ctx, opts, nil, pkgs)
	if err != nil {
		return nil, err
	}
	failed := map[string]string{}
	for _, fl := range fails {
		if _, ok := failed[fl.pkg]; !ok {
			failed[fl.pkg] = fl.msg
		}
	}
	return failed, nil
}

// Prove plans the rewrite of sites and proves it: with go.mod and go.sum
// copied to a temporary directory (-modfile) and made to require the
// runtime package, it type-checks the affected packages and their tests
// with the new contents as an overlay and runs go vet on them (a vet
// failure counts only where vet passed before). The sites a failure points
// at (those of the declaration holding the error, or every site of the
// package when the error cannot be placed) are reported not rewritable and
// the rest is planned and proved again, until nothing fails. Prove writes
// nothing in the module.
func Prove(ctx context.Context, sites []Site, opts ApplyOptions) (*Change, []Result, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, nil, err
	}
	opts.Dir = dir
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		return nil, nil, errors.New("the module vendors its dependencies; rewriting Go code would need `go mod vendor` afterwards, which secretlint does not run: remediate without Go findings (--exclude) or stop vendoring")
	}
	sites = slices.Clone(sites)
	for i := range sites {
		if !filepath.IsAbs(sites[i].File) {
			sites[i].File = filepath.Join(dir, filepath.FromSlash(sites[i].File))
		}
	}

	patterns := siteDirs(dir, sites)
	pkgs, err := Load(ctx, dir, opts.BuildFlags, opts.Env, nil, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("loading packages: %w", err)
	}
	// Exported constants of main or internal packages may be used by other
	// packages of the module: load those too when one would change.
	if importers, err := importersOf(ctx, opts, exportedConstPackages(pkgs, sites)); err != nil {
		return nil, nil, err
	} else if len(importers) > 0 {
		patterns = append(patterns, importers...)
		if pkgs, err = Load(ctx, dir, opts.BuildFlags, opts.Env, nil, patterns...); err != nil {
			return nil, nil, fmt.Errorf("loading packages: %w", err)
		}
	}
	broken := brokenBefore(pkgs)

	// The proof runs against a copy of go.mod and go.sum.
	tmp, err := os.MkdirTemp("", "secretlint-modfile-*")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	popts := opts
	popts.modfile = filepath.Join(tmp, "go.mod")
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) && name == "go.sum" {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o600); err != nil {
			return nil, nil, err
		}
	}
	popts.BuildFlags = append(slices.Clone(opts.BuildFlags), "-modfile="+popts.modfile)

	excluded := map[int]string{}
	var ch *Change
	var results []Result
	required := false
	vetBefore := map[string]bool{}
	for iter := 0; ; iter++ {
		var active []Site
		var index []int
		for i, s := range sites {
			if _, ok := excluded[i]; !ok {
				active = append(active, s)
				index = append(index, i)
			}
		}
		var res []Result
		ch, res = Plan(pkgs, active, opts.Options)
		results = make([]Result, len(sites))
		for i, s := range sites {
			results[i] = Result{Site: s, Reason: excluded[i]}
		}
		for j, r := range res {
			results[index[j]] = r
		}
		newly := false
		for i := range results {
			if results[i].Rewritten && broken[results[i].Package] {
				excluded[i] = "the package did not type-check before the rewrite, so a rewrite cannot be proved; fix it first"
				newly = true
			}
		}
		if newly {
			continue
		}
		if len(ch.Files) == 0 {
			break
		}
		if !required {
			if _, err := RequireRuntime(ctx, popts, Schemes(results)); err != nil {
				var re *RuntimeError
				if !errors.As(err, &re) {
					return nil, nil, err
				}
				// The Go step degrades: every site says why, and the
				// rest of a remediation goes on.
				for i := range results {
					if results[i].Rewritten {
						results[i].fail(re.Error())
						results[i].SameAs = ""
					}
				}
				return &Change{Files: map[string]*FileChange{}}, results, nil
			}
			required = true
		}
		fails, err := prove(ctx, popts, ch, patterns, vetBefore)
		if err != nil {
			return nil, nil, err
		}
		if len(fails) == 0 {
			break
		}
		if iter >= 24 {
			for i := range results {
				if results[i].Rewritten {
					results[i].fail("the rewrite could not be proved to build")
				}
			}
			ch = &Change{Files: map[string]*FileChange{}}
			break
		}
		for _, fl := range fails {
			var idxs []int
			if iter < 16 {
				idxs = sitesAt(pkgs, ch, results, fl)
			}
			if len(idxs) == 0 {
				for i, r := range results {
					if r.Rewritten && (r.Package == fl.pkg || fl.importer != "" && slices.Contains(ch.Packages(), r.Package)) {
						idxs = append(idxs, i)
					}
				}
			}
			for _, i := range idxs {
				if _, ok := excluded[i]; !ok {
					excluded[i] = fl.msg
				}
			}
		}
	}
	if len(ch.Files) > 0 {
		// The proved go.mod and go.sum are part of the change.
		for _, name := range []string{"go.mod", "go.sum"} {
			path := filepath.Join(dir, name)
			old, _ := os.ReadFile(path)
			neu, err := os.ReadFile(filepath.Join(tmp, name))
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, nil, err
			}
			if !bytes.Equal(old, neu) {
				ch.Mod = append(ch.Mod, &FileChange{Path: path, Old: old, New: neu})
			}
		}
	}
	return ch, results, nil
}

func siteDirs(dir string, sites []Site) []string {
	var out []string
	for _, s := range sites {
		rel, err := filepath.Rel(dir, filepath.Dir(s.File))
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		p := "./" + filepath.ToSlash(rel)
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// exportedConstPackages returns the packages where a site may turn an
// exported constant into a variable.
func exportedConstPackages(pkgs []*packages.Package, sites []Site) []string {
	var out []string
	packages.Visit(pkgs, nil, func(pkg *packages.Package) {
		if strings.Contains(pkg.ID, " [") || pkg.Types == nil {
			return
		}
		if slices.Contains(out, pkg.PkgPath) {
			return
		}
		for _, name := range pkg.Types.Scope().Names() {
			o := pkg.Types.Scope().Lookup(name)
			if o.Exported() && isConst(o) {
				for _, s := range sites {
					if slices.ContainsFunc(pkg.CompiledGoFiles, func(f string) bool { return f == s.File }) {
						out = append(out, pkg.PkgPath)
						return
					}
				}
			}
		}
	})
	return out
}

// importersOf lists the module's packages that import any of pkgs, as
// patterns, with go list (no type checking).
func importersOf(ctx context.Context, opts ApplyOptions, pkgs []string) ([]string, error) {
	if len(pkgs) == 0 {
		return nil, nil
	}
	args := append([]string{"list", "-e", "-json=ImportPath,Imports,TestImports,XTestImports"}, opts.BuildFlags...)
	args = append(args, "./...")
	out, err := goCmd(ctx, opts, nil, args...)
	if err != nil {
		return nil, fmt.Errorf("listing the module's packages: %w", err)
	}
	var res []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct {
			ImportPath                         string
			Imports, TestImports, XTestImports []string
		}
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("reading go list output: %w", err)
		}
		for _, want := range pkgs {
			if slices.Contains(p.Imports, want) || slices.Contains(p.TestImports, want) || slices.Contains(p.XTestImports, want) {
				res = append(res, p.ImportPath)
				break
			}
		}
	}
	return res, nil
}

func brokenBefore(pkgs []*packages.Package) map[string]bool {
	out := map[string]bool{}
	for _, pkg := range pkgs {
		if len(pkg.Errors) > 0 || len(pkg.TypeErrors) > 0 {
			out[pkg.PkgPath] = true
		}
	}
	return out
}

func dropPackage(ch *Change, results []Result, pkg, why string) {
	for path, f := range ch.Files {
		if f.Package == pkg {
			delete(ch.Files, path)
		}
	}
	for i := range results {
		if results[i].Package == pkg && results[i].Rewritten {
			results[i].fail(why)
			results[i].SameAs = ""
		}
	}
}

// Schemes returns the reference schemes of the rewritten results, sorted.
func Schemes(results []Result) []string {
	var out []string
	for _, r := range results {
		if s, err := parseRef(r.Ref); err == nil && r.Rewritten && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// failure is one error found by the proof.
type failure struct {
	pkg      string // import path of the failing package
	file     string // absolute path, "" if unknown
	line     int
	msg      string // sanitised: holds no value
	importer string // set when an unedited importer failed
}

// prove type-checks the changed packages (and patterns, which include
// their importers) with the change as an overlay, then vets them. Its
// failures' messages hold no value.
func prove(ctx context.Context, opts ApplyOptions, ch *Change, patterns []string, vetBefore map[string]bool) ([]failure, error) {
	overlay := map[string][]byte{}
	for path, f := range ch.Files {
		overlay[path] = f.New
	}
	fails, err := typeErrors(ctx, opts, overlay, patterns)
	if err != nil {
		return nil, err
	}
	changed := ch.Packages()
	for i, fl := range fails {
		if !slices.Contains(changed, fl.pkg) {
			// An unedited importer failed because of a changed constant.
			fails[i].importer = fl.pkg
			fails[i].msg = "an importer (" + fl.pkg + ") no longer builds: " + fl.msg
			fails[i].file = ""
		}
	}
	if len(fails) > 0 || opts.NoVet {
		return fails, nil
	}
	// One vet run over every changed package; only when it fails are the
	// packages vetted one by one, to know which.
	check := changed
	if _, bad := vet(ctx, opts, overlay, changed...); !bad {
		check = nil
	}
	for _, pkg := range check {
		fl, bad := vet(ctx, opts, overlay, pkg)
		if !bad {
			continue
		}
		before, ok := vetBefore[pkg]
		if !ok {
			_, badBefore := vet(ctx, opts, nil, pkg)
			before = !badBefore
			vetBefore[pkg] = before
		}
		if before {
			fl.msg = "go vet fails on the rewritten package: " + fl.msg
			fails = append(fails, fl)
		}
	}
	return fails, nil
}

// overlayCopy matches the copies go/packages makes of overlaid files for
// the go command (DIR/gocommand-N/M-BASE.go).
var overlayCopy = regexp.MustCompile(`\S*gocommand-\d+/\d+-([^/\s:]+\.go)`)

// unOverlay replaces the paths of overlay copies in s by the paths they
// stand for, when the base name is unambiguous.
func unOverlay(s string, overlay map[string][]byte) string {
	return overlayCopy.ReplaceAllStringFunc(s, func(m string) string {
		base := overlayCopy.FindStringSubmatch(m)[1]
		found := ""
		for path := range overlay {
			if filepath.Base(path) == base {
				if found != "" {
					return m
				}
				found = path
			}
		}
		if found == "" {
			return m
		}
		return found
	})
}

var posRE = regexp.MustCompile(`^(?:vet: )?([^\s:]+\.go):(\d+)(?::(\d+))?:? ?(.*)$`)

func parsePos(dir, s string) (string, int) {
	m := posRE.FindStringSubmatch(s)
	if m == nil {
		return "", 0
	}
	file := m[1]
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	line, _ := strconv.Atoi(m[2])
	return filepath.Clean(file), line
}

// typeErrors loads patterns with their tests and returns the errors of
// each package, sanitised.
func typeErrors(ctx context.Context, opts ApplyOptions, overlay map[string][]byte, patterns []string) ([]failure, error) {
	pkgs, err := Load(ctx, opts.Dir, opts.BuildFlags, opts.Env, overlay, patterns...)
	if err != nil {
		return nil, fmt.Errorf("type-checking the rewritten packages: %w", err)
	}
	var out []failure
	for _, pkg := range pkgs {
		for _, e := range pkg.Errors {
			// A compiler error from go list is one message of several
			// lines: "# pkg", then "file:line:col: msg" lines.
			text := e.Msg
			if e.Pos != "" {
				text = e.Pos + ": " + e.Msg
			}
			n := 0
			for _, line := range strings.Split(text, "\n") {
				line = unOverlay(strings.TrimSpace(line), overlay)
				if file, ln := parsePos(opts.Dir, line); file != "" {
					n++
					out = append(out, failure{pkg: pkg.PkgPath, file: file, line: ln,
						msg: "the rewritten package does not type-check: " + sanitize(opts.Dir, line)})
				}
			}
			if n == 0 {
				out = append(out, failure{pkg: pkg.PkgPath, msg: "the rewritten package does not type-check: " + sanitize(opts.Dir, strings.TrimPrefix(strings.TrimSpace(text), "# "+pkg.PkgPath))})
			}
		}
	}
	return out, nil
}

// vet runs go vet on pkg and reports its first diagnostic.
func vet(ctx context.Context, opts ApplyOptions, overlay map[string][]byte, pkgs ...string) (fl failure, bad bool) {
	pkg := strings.Join(pkgs, " ")
	args := []string{"vet"}
	if overlay != nil {
		f, names, err := writeOverlay(overlay)
		if err != nil {
			return failure{pkg: pkg, msg: "cannot write the overlay file"}, true
		}
		defer os.RemoveAll(filepath.Dir(f))
		args = append(args, "-overlay="+f)
		defer func() {
			// Vet names the overlay's copies; give the real paths.
			for tmp, orig := range names {
				fl.file = strings.ReplaceAll(fl.file, tmp, orig)
				fl.msg = strings.ReplaceAll(fl.msg, tmp, orig)
			}
			fl.msg = strings.ReplaceAll(fl.msg, opts.Dir+string(filepath.Separator), "")
		}()
	}
	args = append(append(args, opts.BuildFlags...), pkgs...)
	out, err := goCmd(ctx, opts, nil, args...)
	if err == nil {
		return failure{}, false
	}
	for _, line := range strings.Split(string(out), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			file, ln := parsePos(opts.Dir, line)
			return failure{pkg: pkg, file: file, line: ln, msg: sanitize(opts.Dir, line)}, true
		}
	}
	return failure{pkg: pkg, msg: "go vet failed"}, true
}

// sitesAt returns the indices of the rewritten sites in the top-level
// declaration that holds the failure, matched between the rewritten file
// (where the error is) and the original (where the sites are) by the names
// it declares.
func sitesAt(pkgs []*packages.Package, ch *Change, results []Result, fl failure) []int {
	fc := ch.Files[fl.file]
	if fc == nil || fl.line == 0 {
		return nil
	}
	fset := token.NewFileSet()
	nf, err := parser.ParseFile(fset, fl.file, fc.New, 0)
	if err != nil {
		return nil
	}
	var names []string
	for _, d := range nf.Decls {
		if fset.Position(d.Pos()).Line <= fl.line && fl.line <= fset.Position(d.End()).Line {
			names = declNames(d)
		}
	}
	if len(names) == 0 {
		return nil
	}
	var old *ast.File
	var ofset *token.FileSet
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, f := range p.Syntax {
			if old == nil && p.Fset.File(f.FileStart).Name() == fl.file {
				old, ofset = f, p.Fset
			}
		}
	})
	if old == nil {
		return nil
	}
	var out []int
	for _, d := range old.Decls {
		if !slices.ContainsFunc(declNames(d), func(n string) bool { return slices.Contains(names, n) }) {
			continue
		}
		start, end := ofset.Position(d.Pos()).Offset, ofset.Position(d.End()).Offset
		for i, r := range results {
			if r.Rewritten && r.File == fl.file && start <= r.Offset && r.Offset < end {
				out = append(out, i)
			}
		}
	}
	return out
}

func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		n := d.Name.Name
		if d.Recv != nil && len(d.Recv.List) > 0 {
			n = types.ExprString(d.Recv.List[0].Type) + "." + n
		}
		return []string{"func " + n}
	case *ast.GenDecl:
		var out []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			}
		}
		return out
	}
	return nil
}

// writeOverlay writes a go command overlay file replacing each path by a
// copy with the new content, and returns it with the map from copies to
// the paths they stand for.
func writeOverlay(overlay map[string][]byte) (string, map[string]string, error) {
	dir, err := os.MkdirTemp("", "secretlint-overlay-*")
	if err != nil {
		return "", nil, err
	}
	repl := map[string]string{}
	names := map[string]string{}
	i := 0
	for path, content := range overlay {
		name := filepath.Join(dir, fmt.Sprintf("%d.go", i))
		i++
		if err := os.WriteFile(name, content, 0o600); err != nil {
			return "", nil, err
		}
		repl[path] = name
		names[name] = path
	}
	data, _ := json.Marshal(map[string]any{"Replace": repl})
	f := filepath.Join(dir, "overlay.json")
	return f, names, os.WriteFile(f, data, 0o600)
}

var quoted = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|'(?:[^'\\\\]|\\\\.)*'")

// sanitize shortens a compiler or vet message and removes every quoted
// string from it: type errors can quote constant values.
func sanitize(dir, msg string) string {
	msg = strings.ReplaceAll(msg, dir+string(filepath.Separator), "")
	msg = quoted.ReplaceAllString(msg, `"…"`)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return msg
}

func goCmd(ctx context.Context, opts ApplyOptions, extraEnv []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = opts.Dir
	cmd.Env = opts.Env
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, extraEnv...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// mainModule is secretlint's own module path: a binary built from it knows
// its version.
const mainModule = "github.com/secretlint-go/secretlint"

// binaryVersion returns the release version of the running secretlint
// binary, or "" for a development build, with the VCS revision it was
// built from when known.
func binaryVersion() (release, revision string) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			revision = s.Value
		}
	}
	v := bi.Main.Version
	if bi.Main.Path == mainModule && semver.IsValid(v) && !module.IsPseudoVersion(v) && semver.Build(v) == "" {
		return v, revision
	}
	return "", revision
}

// runtimeModules returns the modules a rewrite with references of schemes
// needs: the runtime and the backend of each scheme (each package is the
// root of a module of its own).
func runtimeModules(opts ApplyOptions, schemes []string) []string {
	runtime := opts.Runtime
	if runtime == "" {
		runtime = RuntimePackage
	}
	backends := opts.Backends
	if backends == nil {
		backends = DefaultBackends
	}
	out := []string{runtime}
	for _, s := range schemes {
		if b := backends[s]; b != "" && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

// requiredVersions returns the version of each of mods in the module graph
// of opts.Dir (with its -modfile), "" for those it does not hold.
func requiredVersions(ctx context.Context, opts ApplyOptions, env []string, mods []string) map[string]string {
	args := []string{"list", "-m", "-e", "-json"}
	if opts.modfile != "" {
		args = append(args, "-modfile="+opts.modfile)
	}
	out, _ := goCmd(ctx, opts, env, append(args, mods...)...)
	got := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m struct {
			Path, Version string
			Error         *struct{ Err string }
		}
		if dec.Decode(&m) != nil {
			break
		}
		if m.Error == nil && m.Version != "" {
			got[m.Path] = m.Version
		}
	}
	return got
}

// RequireRuntime makes the module require the runtime modules for
// schemes (go get of each at the version already in the module graph,
// else at Module.Version or the binary's release version) and returns a
// function that restores go.mod and go.sum as they were. Offline (without
// Module.Online) it uses only the module cache. When the modules cannot be
// required it returns a *RuntimeError. Running it twice changes nothing
// the second time.
func RequireRuntime(ctx context.Context, opts ApplyOptions, schemes []string) (restore func() error, err error) {
	modfile := filepath.Join(opts.Dir, "go.mod")
	if opts.modfile != "" {
		modfile = opts.modfile
	}
	saved := map[string][]byte{}
	for _, path := range []string{modfile, strings.TrimSuffix(modfile, ".mod") + ".sum"} {
		if b, err := os.ReadFile(path); err == nil {
			saved[path] = b
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		} else {
			saved[path] = nil
		}
	}
	restore = func() error {
		for path, b := range saved {
			if b == nil {
				if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
					return err
				}
				continue
			}
			if err := writeAtomic(path, b, nil); err != nil {
				return err
			}
		}
		return nil
	}
	mods := runtimeModules(opts, schemes)
	if self := modulePathOf(saved[modfile]); self == mainModule || slices.Contains(mods, self) {
		return restore, nil // secretlint itself
	}
	var env []string
	if !opts.Module.Online {
		env = append(env, "GOPROXY=off")
	}
	have := requiredVersions(ctx, opts, env, mods)
	version, revision := binaryVersion()
	if opts.Module.Version != "" {
		version = opts.Module.Version
	}
	var args, want []string
	dev := false
	for _, m := range mods {
		switch {
		case have[m] != "":
			args = append(args, m+"@"+have[m])
			want = append(want, m+"@"+have[m])
		case version != "":
			args = append(args, m+"@"+version)
			want = append(want, m+"@"+version)
		default:
			dev = true
			v := "latest"
			if revision != "" {
				v = revision
			}
			want = append(want, m+"@"+v)
		}
	}
	fail := func(reason string) error {
		return &RuntimeError{Dir: opts.Dir, Get: "go get " + strings.Join(want, " "), Reason: reason}
	}
	if dev {
		return nil, fail("this secretlint is a development build, which does not know the runtime version that matches it")
	}
	get := []string{"get"}
	if opts.modfile != "" {
		get = append(get, "-modfile="+opts.modfile)
	}
	if out, err := goCmd(ctx, opts, env, append(get, args...)...); err != nil {
		_ = restore()
		return nil, fail(sanitize(opts.Dir, firstLine(out)))
	}
	// Requiring the runtime can raise the versions of modules the module
	// already uses (minimal version selection over both go.mod files);
	// add the go.sum lines its own packages and tests need at those
	// versions, so that go build and go vet of ./... keep working.
	if _, err := goCmd(ctx, opts, env, append(get, "-t", "./...")...); err != nil {
		if out, err := goCmd(ctx, opts, env, append(get, "./...")...); err != nil {
			_ = restore()
			return nil, fail("go get ./...: " + sanitize(opts.Dir, firstLine(out)))
		}
	}
	return restore, nil
}

func modulePathOf(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// writeAtomic replaces path with data (atomicfile.Write), keeping the
// file's mode. When expect is
// not nil, the file must still hold expect.
func writeAtomic(path string, data, expect []byte) error {
	fi, err := os.Stat(path)
	mode := os.FileMode(0o644)
	if err == nil {
		mode = fi.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if expect != nil {
		cur, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(cur, expect) {
			return errors.New("the file changed since it was planned")
		}
	}
	return atomicfile.Write(path, data, mode)
}
