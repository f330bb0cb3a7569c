// Package scan is the driver behind `secretlint scan`: a parallel walker
// over files and directories and the per-file scanners it dispatches to.
//
// Every text file goes through the provider rules (gitleaks' rule set via
// rules.Detector); then, by type, Go files through the syntax-level
// scanner (scan/goscan), YAML through the structure-aware scanner
// (scan/yamlscan), dbt's profiles.yml, packages.yml and dbt_project.yml
// through scan/dbt, and everything else through a KEY=value / key: value
// line scanner. Overlapping findings are merged so that each secret is
// reported once, under its most specific rule, at the span remediation
// edits. Suppression directives (# secretlint:ignore <rule> <reason>)
// and gitleaks:allow are honoured.
package scan

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/goscan"
)

// Options configures Run, which scans the working tree; the staged index,
// a diff base and git history are gitsource.Repo.Scan's sources.
type Options struct {
	// Paths are the files and directories to scan ("." when empty).
	Paths []string
	// Config is the configuration (nil: rules.LoadConfig of the first
	// path's directory... callers normally load it; nil means defaults).
	Config *rules.Config
	// Workers is the number of files scanned at once (GOMAXPROCS when 0).
	Workers int
	// FollowSymlinks follows symbolic links (loops are detected and
	// reported); also on when the configuration says so.
	FollowSymlinks bool
	// MaxFileSize caps the size of a scanned file; larger files are
	// reported as not scanned (the configuration's cap when 0).
	MaxFileSize int64
	// DBTProfilesDir is a directory whose profiles.yml is scanned as a
	// dbt profiles file too (--dbt-profiles-dir, DBT_PROFILES_DIR).
	DBTProfilesDir string
	// NoIgnoreFiles disables .gitignore and .secretlintignore.
	NoIgnoreFiles bool
	// Progress, when set, is called after each file with the number of
	// files done and found so far (from one goroutine at a time).
	Progress func(done, total int)
}

// Result is the outcome of a scan.
type Result struct {
	// Findings in deterministic order (finding.Sort).
	Findings []finding.Finding
	// Notices are problems met while scanning: files not scanned (Error)
	// and files scanned in a degraded way (warnings), sorted by file.
	Notices []finding.Notice
	// Skipped lists files left out on purpose (binary, ignored, allowlisted
	// paths, symlinks not followed), sorted by file.
	Skipped []finding.Notice
	// Files and Bytes count what was scanned.
	Files, Bytes int64
	// Suppressed counts findings removed by secretlint:ignore directives.
	Suppressed int
	// IgnoreFiles are the .gitignore and .secretlintignore files that
	// applied (paths as reported), for reports.
	IgnoreFiles []string
}

// HasErrors reports whether some file could not be scanned.
func (r *Result) HasErrors() bool {
	return slices.ContainsFunc(r.Notices, func(n finding.Notice) bool { return n.Error })
}

// Run walks opts.Paths and scans every file. Problems with single files
// are notices in the result; the error is for problems that stop the
// whole scan (a bad configuration, a cancelled context, a path that does
// not exist).
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg := opts.Config
	if cfg == nil {
		var err error
		if cfg, err = rules.DefaultConfig(); err != nil {
			return nil, err
		}
	}
	fs, err := newFileScanner(cfg)
	if err != nil {
		return nil, err
	}
	workers := cmp.Or(opts.Workers, runtime.GOMAXPROCS(0))
	w := &walker{
		ctx: ctx, det: fs.det, cfg: cfg,
		follow:   opts.FollowSymlinks, // never from the configuration (see rules.Config)
		maxSize:  cmp.Or(opts.MaxFileSize, cfg.MaxFileSize, rules.DefaultMaxFileSize),
		noIgnore: opts.NoIgnoreFiles,
		jobs:     make(chan job, 4*workers),
		res:      &Result{},
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		if _, err := os.Lstat(p); err != nil {
			return nil, fmt.Errorf("scanning %s: %w", p, err)
		}
	}
	w.mods = newGoModules(paths, w.maxSize, goscan.Options{Config: cfg})
	if opts.DBTProfilesDir != "" {
		prof := filepath.Join(opts.DBTProfilesDir, "profiles.yml")
		if _, err := os.Stat(prof); err == nil {
			fs.forceProfiles = map[string]bool{filepath.ToSlash(filepath.Clean(prof)): true}
		} else {
			w.res.Notices = append(w.res.Notices, finding.Notice{File: filepath.ToSlash(prof), Kind: "dbt-profiles-dir",
				Message: fmt.Sprintf("no profiles.yml in the dbt profiles directory %s", opts.DBTProfilesDir)})
		}
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	done, total := 0, 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range w.jobs {
				fnd, notes, skip, supp, n := w.scanJob(fs, j)
				mu.Lock()
				w.res.Findings = append(w.res.Findings, fnd...)
				w.res.Notices = append(w.res.Notices, notes...)
				w.res.Skipped = append(w.res.Skipped, skip...)
				w.res.Suppressed += supp
				if n >= 0 {
					w.res.Files++
					w.res.Bytes += n
				}
				done++
				if opts.Progress != nil {
					opts.Progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}
	go func() {
		defer close(w.jobs)
		seen := map[string]bool{}
		for _, p := range paths {
			w.root(p, seen, func() { mu.Lock(); total++; mu.Unlock() })
		}
		if fs.forceProfiles != nil {
			for p := range fs.forceProfiles {
				if !seen[p] {
					w.send(job{abs: filepath.FromSlash(p), rel: p}, func() { mu.Lock(); total++; mu.Unlock() })
				}
			}
		}
	}()
	wg.Wait()
	w.flushNotes()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := w.res
	finding.Sort(res.Findings)
	sortNotices(res.Notices)
	sortNotices(res.Skipped)
	return res, nil
}

func sortNotices(ns []finding.Notice) {
	slices.SortStableFunc(ns, func(a, b finding.Notice) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Message, b.Message))
	})
}
