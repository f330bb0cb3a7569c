package gorewrite

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/remediate"
)

// Engine is the remediate.GoRewriter that `secretlint remediate` uses:
// it finds the Go module of each file (the nearest go.mod above it), and
// plans and proves per module with Prove (the new go.mod and go.sum are
// part of what RewriteGo returns, so remediate writes and rolls them back
// with the Go files), and verifies with Verify.
type Engine struct {
	Options
	// BuildFlags and Env are passed to the go command.
	BuildFlags []string
	Env        []string
	// Module says where the runtime package comes from.
	Module Module
	// NoVet skips go vet in the proof.
	NoVet bool
}

var _ remediate.GoRewriter = (*Engine)(nil)

func (e *Engine) opts(dir string) ApplyOptions {
	return ApplyOptions{Options: e.Options, Dir: dir, BuildFlags: e.BuildFlags, Env: e.Env, Module: e.Module, NoVet: e.NoVet}
}

// moduleRoot returns the directory of the nearest go.mod above file.
func moduleRoot(file string) (string, error) {
	dir := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("the file is in no Go module (no go.mod above it)")
		}
		dir = parent
	}
}

// byModule groups the files (slash paths relative to root) by module.
func byModule(root string, files []string) (map[string][]int, map[int]string) {
	mods := map[string][]int{}
	bad := map[int]string{}
	for i, f := range files {
		abs, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			bad[i] = err.Error()
			continue
		}
		m, err := moduleRoot(abs)
		if err != nil {
			bad[i] = err.Error()
			continue
		}
		mods[m] = append(mods[m], i)
	}
	return mods, bad
}

// RewriteGo implements remediate.GoRewriter with Prove.
func (e *Engine) RewriteGo(ctx context.Context, root string, sites []remediate.GoSite) (map[string][]byte, []remediate.GoOutcome, error) {
	files := make([]string, len(sites))
	for i, s := range sites {
		files[i] = s.File
	}
	mods, bad := byModule(root, files)
	outs := make([]remediate.GoOutcome, len(sites))
	for i, why := range bad {
		outs[i].Reason = why
	}
	news := map[string][]byte{}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, err
	}
	for _, mod := range slicesSortedKeys(mods) {
		idx := mods[mod]
		var gs []Site
		for _, i := range idx {
			s := sites[i]
			gs = append(gs, Site{ID: strconv.Itoa(i), File: filepath.Join(absRoot, filepath.FromSlash(s.File)), Offset: s.Offset, EndOffset: s.EndOffset, Ref: s.Ref})
		}
		ch, results, err := Prove(ctx, gs, e.opts(mod))
		if err != nil {
			// The Go step degrades: the module's sites say why.
			if ctx.Err() != nil {
				return nil, nil, err
			}
			for _, i := range idx {
				outs[i].Reason = "the Go module cannot be rewritten: " + sanitize(mod, err.Error())
			}
			continue
		}
		for _, r := range results {
			i, _ := strconv.Atoi(r.ID)
			same := -1
			if r.SameAs != "" {
				if n, err := strconv.Atoi(r.SameAs); err == nil {
					same = n
				}
			}
			outs[i] = remediate.GoOutcome{Rewritten: r.Rewritten, Package: r.Package, Value: r.Value, Reason: r.Reason, SameAs: r.SameAs != "", SameSite: same}
		}
		for _, fc := range append(slices.Collect(maps.Values(ch.Files)), ch.Mod...) {
			rel, err := filepath.Rel(absRoot, fc.Path)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			news[filepath.ToSlash(rel)] = fc.New
		}
	}
	return news, outs, nil
}

// VerifyGo implements remediate.GoRewriter: it type-checks the packages of
// files (with their tests) and returns the files of failing packages.
func (e *Engine) VerifyGo(ctx context.Context, root string, files []string) (map[string]string, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	mods, bad := byModule(root, files)
	out := map[string]string{}
	for i, why := range bad {
		out[files[i]] = why
	}
	for _, mod := range slicesSortedKeys(mods) {
		var dirs []string
		for _, i := range mods[mod] {
			abs := filepath.Join(root, filepath.FromSlash(files[i]))
			rel, err := filepath.Rel(mod, filepath.Dir(abs))
			if err != nil {
				return nil, err
			}
			p := "./" + filepath.ToSlash(rel)
			if !slices.Contains(dirs, p) {
				dirs = append(dirs, p)
			}
		}
		o := e.opts(mod)
		o.Dir, _ = filepath.Abs(mod)
		fails, err := typeErrors(ctx, o, nil, dirs)
		if err != nil {
			return nil, err
		}
		failedDirs := map[string]string{}
		for _, fl := range fails {
			if fl.file != "" {
				failedDirs[filepath.Dir(fl.file)] = fl.msg
			} else {
				// Unplaced: fail every file of this module's batch.
				for _, i := range mods[mod] {
					out[files[i]] = fl.msg
				}
			}
		}
		for _, i := range mods[mod] {
			abs, _ := filepath.Abs(filepath.Join(root, filepath.FromSlash(files[i])))
			if why, ok := failedDirs[filepath.Dir(abs)]; ok {
				out[files[i]] = why
			}
		}
	}
	return out, nil
}

func slicesSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
