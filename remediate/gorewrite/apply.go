package gorewrite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Module says where the rewritten module gets the runtime package from.
type Module struct {
	// Path is the module that provides the runtime package; empty means
	// github.com/secretlint-go/secretlint.
	Path string
	// Version to require; empty means the version of the running binary's
	// module, or v0.0.0-00010101000000-000000000000 with Replace.
	Version string
	// Replace, when set, is a local directory that replaces the module
	// (a checkout of secretlint), for tests and unpublished builds. The
	// requirements are then resolved offline (GOPROXY=off), from the
	// module cache.
	Replace string
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
//  1. it loads the packages holding the sites (and, when an exported
//     constant becomes a variable, every package of the module importing
//     it) and plans the rewrite (Plan);
//  2. it makes the module require the runtime package and the backends the
//     references need (go.mod and go.sum);
//  3. it type-checks the affected packages and their tests with the new
//     contents as an overlay, and runs go vet on them (a vet failure counts
//     only where vet passed before); a package that fails loses all its
//     edits, its sites are reported not rewritable, and the check runs
//     again;
//  4. it writes each file atomically (temporary file, fsync, rename, mode
//     kept), type-checks the written packages once more, and restores every
//     file of a package that fails.
//
// go.mod and go.sum are restored when nothing is rewritten. Apply never
// leaves a package that type-checked before in a state that does not.
func Apply(ctx context.Context, sites []Site, opts ApplyOptions) ([]Result, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	opts.Dir = dir
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		return nil, errors.New("the module vendors its dependencies; rewriting Go code would need `go mod vendor` afterwards, which secretlint does not run: remediate without Go findings (--exclude) or stop vendoring")
	}
	for i := range sites {
		if !filepath.IsAbs(sites[i].File) {
			sites[i].File = filepath.Join(dir, sites[i].File)
		}
	}

	patterns := siteDirs(dir, sites)
	pkgs, err := Load(ctx, dir, opts.BuildFlags, opts.Env, nil, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	// Exported constants of main or internal packages may be used by other
	// packages of the module: load those too when one would change.
	if importers, err := importersOf(ctx, opts, exportedConstPackages(pkgs, sites)); err != nil {
		return nil, err
	} else if len(importers) > 0 {
		patterns = append(patterns, importers...)
		if pkgs, err = Load(ctx, dir, opts.BuildFlags, opts.Env, nil, patterns...); err != nil {
			return nil, fmt.Errorf("loading packages: %w", err)
		}
	}
	broken := brokenBefore(pkgs)

	ch, results := Plan(pkgs, sites, opts.Options)
	for path := range ch.Files {
		f := ch.Files[path]
		if broken[f.Package] {
			dropPackage(ch, results, f.Package, "the package did not type-check before the rewrite, so a rewrite cannot be proved; fix it first")
		}
	}
	if len(ch.Files) == 0 {
		return results, nil
	}

	restoreMod, err := requireRuntime(ctx, opts, schemesOf(results))
	if err != nil {
		return nil, err
	}

	// Prove with an overlay, dropping failing packages until none fails.
	vetBefore := map[string]bool{}
	for range 8 {
		if len(ch.Files) == 0 {
			break
		}
		failed, err := prove(ctx, opts, ch, patterns, vetBefore)
		if err != nil {
			_ = restoreMod()
			return nil, err
		}
		if len(failed) == 0 {
			break
		}
		for pkg, why := range failed {
			dropPackage(ch, results, pkg, why)
		}
	}
	if len(ch.Files) == 0 {
		return results, restoreMod()
	}

	// Write, then check the files on disk.
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
	failed, err := typeErrors(ctx, opts, nil, ch.Packages())
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

func schemesOf(results []Result) []string {
	var out []string
	for _, r := range results {
		if s, err := parseRef(r.Ref); err == nil && r.Rewritten && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// prove type-checks the changed packages (and patterns, which include
// their importers) with the change as an overlay, then vets them. It
// returns the failing packages with a reason that holds no value.
func prove(ctx context.Context, opts ApplyOptions, ch *Change, patterns []string, vetBefore map[string]bool) (map[string]string, error) {
	overlay := map[string][]byte{}
	for path, f := range ch.Files {
		overlay[path] = f.New
	}
	failed, err := typeErrors(ctx, opts, overlay, patterns)
	if err != nil {
		return nil, err
	}
	// A failing importer that was not edited failed because of a changed
	// constant: blame the changed packages it imports.
	changed := ch.Packages()
	for pkg, why := range failed {
		if slices.Contains(changed, pkg) {
			continue
		}
		delete(failed, pkg)
		for _, c := range changed {
			failed[c] = "an importer (" + pkg + ") no longer builds: " + why
		}
	}
	if len(failed) > 0 || opts.NoVet {
		return failed, nil
	}
	for _, pkg := range changed {
		if msg := vet(ctx, opts, overlay, pkg); msg != "" {
			before, ok := vetBefore[pkg]
			if !ok {
				before = vet(ctx, opts, nil, pkg) == ""
				vetBefore[pkg] = before
			}
			if before {
				failed[pkg] = "go vet fails on the rewritten package: " + msg
			}
		}
	}
	return failed, nil
}

// typeErrors loads patterns with their tests and returns, for each package
// with errors, the first error, sanitised.
func typeErrors(ctx context.Context, opts ApplyOptions, overlay map[string][]byte, patterns []string) (map[string]string, error) {
	pkgs, err := Load(ctx, opts.Dir, opts.BuildFlags, opts.Env, overlay, patterns...)
	if err != nil {
		return nil, fmt.Errorf("type-checking the rewritten packages: %w", err)
	}
	failed := map[string]string{}
	for _, pkg := range pkgs {
		var msg string
		switch {
		case len(pkg.Errors) > 0:
			msg = pkg.Errors[0].Pos + ": " + pkg.Errors[0].Msg
		case len(pkg.TypeErrors) > 0:
			msg = pkg.TypeErrors[0].Error()
		default:
			continue
		}
		if _, ok := failed[pkg.PkgPath]; !ok {
			failed[pkg.PkgPath] = "the rewritten package does not type-check: " + sanitize(opts.Dir, msg)
		}
	}
	return failed, nil
}

func vet(ctx context.Context, opts ApplyOptions, overlay map[string][]byte, pkg string) string {
	args := []string{"vet"}
	if overlay != nil {
		f, err := writeOverlay(overlay)
		if err != nil {
			return "cannot write the overlay file"
		}
		defer os.RemoveAll(filepath.Dir(f))
		args = append(args, "-overlay="+f)
	}
	args = append(append(args, opts.BuildFlags...), pkg)
	out, err := goCmd(ctx, opts, nil, args...)
	if err == nil {
		return ""
	}
	for _, line := range strings.Split(string(out), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			return sanitize(opts.Dir, line)
		}
	}
	return "go vet failed"
}

func writeOverlay(overlay map[string][]byte) (string, error) {
	dir, err := os.MkdirTemp("", "secretlint-overlay-*")
	if err != nil {
		return "", err
	}
	repl := map[string]string{}
	i := 0
	for path, content := range overlay {
		name := filepath.Join(dir, fmt.Sprintf("%d.go", i))
		i++
		if err := os.WriteFile(name, content, 0o600); err != nil {
			return "", err
		}
		repl[path] = name
	}
	data, _ := json.Marshal(map[string]any{"Replace": repl})
	f := filepath.Join(dir, "overlay.json")
	return f, os.WriteFile(f, data, 0o600)
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

// requireRuntime makes the module require the runtime package and the
// backends of schemes, and returns a function that restores go.mod and
// go.sum as they were.
func requireRuntime(ctx context.Context, opts ApplyOptions, schemes []string) (restore func() error, err error) {
	m := opts.Module
	if m.Path == "" {
		m.Path = "github.com/secretlint-go/secretlint"
	}
	if m.Version == "" {
		m.Version = "v0.0.0-00010101000000-000000000000"
		if bi, ok := debug.ReadBuildInfo(); ok && m.Replace == "" && bi.Main.Path == m.Path && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			m.Version = bi.Main.Version
		}
	}
	saved := map[string][]byte{}
	for _, name := range []string{"go.mod", "go.sum"} {
		path := filepath.Join(opts.Dir, name)
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
	if m.Path == modulePathOf(saved[filepath.Join(opts.Dir, "go.mod")]) {
		return restore, nil // the module is secretlint itself
	}
	var env []string
	if m.Replace != "" {
		abs, err := filepath.Abs(m.Replace)
		if err != nil {
			return nil, err
		}
		if _, err := goCmd(ctx, opts, nil, "mod", "edit", "-require="+m.Path+"@"+m.Version, "-replace="+m.Path+"="+abs); err != nil {
			_ = restore()
			return nil, fmt.Errorf("adding the requirement on %s: %w", m.Path, err)
		}
		env = append(env, "GOPROXY=off")
	}
	runtime := opts.Runtime
	if runtime == "" {
		runtime = RuntimePackage
	}
	backends := opts.Backends
	if backends == nil {
		backends = DefaultBackends
	}
	args := []string{"get", runtime + "@" + m.Version}
	for _, s := range schemes {
		if b := backends[s]; b != "" {
			args = append(args, b+"@"+m.Version)
		}
	}
	if out, err := goCmd(ctx, opts, env, args...); err != nil {
		_ = restore()
		return nil, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, firstLine(out))
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

// writeAtomic replaces path with data through a temporary file in the same
// directory, fsynced and renamed, keeping the file's mode. When expect is
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
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".secretlint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
