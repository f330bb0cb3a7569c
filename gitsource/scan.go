package gitsource

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// TagHistoryExposed marks a finding from git history: the value was
// committed, so it is exposed to everyone with a clone even if the
// current tree no longer has it.
const TagHistoryExposed = "history:exposed"

// ScanFunc scans one file's content; it has the signature of
// scan.ScanFile.
type ScanFunc func(ctx context.Context, cfg *rules.Config, path string, content []byte) ([]finding.Finding, []finding.Notice)

// Source selects what Scan reads from git: the staged files (Staged),
// what changed since the merge base of DiffBase and HEAD, or history.
type Source struct {
	Staged   bool
	DiffBase string
	History  bool
	// HistoryOptions select the commits of a history scan.
	HistoryOptions HistoryOptions
	// ConfigFile is the configuration to load ("" for the repository's).
	ConfigFile string
	// NoRepoConfig reads no configuration or ignore file from the
	// repository (--no-repo-config): a pull request cannot change the
	// rules it is judged by.
	NoRepoConfig bool
	// Paths, when given (relative to the current directory), limit the
	// scan to files under them.
	Paths []string
	// NeedConfig loads the configuration even when nothing changed (a
	// baseline's salt is checked against it).
	NeedConfig bool
	// Progress, when set, is called once per file version of a history
	// scan.
	Progress func()
}

// ScanResult is what Scan found.
type ScanResult struct {
	// Root is the repository's top level: finding paths are relative to
	// it.
	Root     string
	Config   *rules.Config // nil when nothing was scanned
	Findings []finding.Finding
	Notices  []finding.Notice
	// Scope reports whether a path was scanned.
	Scope func(path string) bool
	// Files is the number of files (for history: file versions) scanned,
	// Bytes their size, Commits the number of commits with additions.
	Files   int
	Bytes   int64
	Commits int
}

// ConfigError is a configuration that could not be loaded.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// Scan scans what src selects in r with scanFile. Staged and changed
// files are scanned whole (so that YAML and Go structure is seen), and
// only findings on the lines the change adds are kept; in history, each
// commit's added lines are scanned and the findings are tagged
// TagHistoryExposed.
func (r *Repo) Scan(ctx context.Context, src Source, scanFile ScanFunc) (*ScanResult, error) {
	if !src.History {
		// A pre-commit hook runs on every commit: in a sub-second scan
		// the garbage collector costs more CPU than the memory it saves.
		// Collect only when the heap nears 512 MiB (the soft limit).
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(512 << 20))
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	// Compile the rules on one core while git reads the change (other
	// processes, the other core); with nothing staged, don't wait for
	// the rules at all.
	type loaded struct {
		cfg *rules.Config
		err error
	}
	cfgc := make(chan loaded, 1)
	go func() {
		cfg, err := rules.LoadConfigWith(r.Root, src.ConfigFile, !src.NoRepoConfig)
		if err == nil {
			_, err = cfg.Detector()
		}
		cfgc <- loaded{cfg, err}
	}()
	// The configuration is not loaded yet: cap blobs at the default size
	// here; a configured cap above it re-reads the blob below.
	r.MaxBlobSize = rules.DefaultMaxFileSize
	var files []File
	var err error
	if !src.History {
		if src.Staged {
			files, err = r.Staged(ctx)
		} else {
			files, err = r.Changed(ctx, src.DiffBase)
		}
		if err != nil {
			return nil, err
		}
		if src.Staged && len(src.Paths) > 0 {
			// pre-commit passes file names: the staged ones on a commit,
			// every tracked one with run --all-files (or the named ones
			// with --files), where nothing is staged. A named file with
			// nothing staged is scanned whole, from the working tree.
			staged := make(map[string]bool, len(files))
			for _, f := range files {
				staged[f.Path] = true
			}
			whole, err := r.Whole(src.Paths, staged)
			if err != nil {
				return nil, err
			}
			files = append(files, whole...)
		}
		if len(files) == 0 && !src.NeedConfig {
			return &ScanResult{Root: r.Root, Scope: func(string) bool { return false }}, nil
		}
	}
	ld := <-cfgc
	if ld.err != nil {
		return nil, &ConfigError{ld.err}
	}
	cfg := ld.cfg
	res := &ScanResult{Root: r.Root, Config: cfg}
	limit := func(string) bool { return true }
	if len(src.Paths) > 0 {
		if s := PathScope(r.Root, src.Paths); s != nil {
			limit = s
		}
	}
	seen := map[string]bool{}
	res.Scope = func(p string) bool { return seen[p] }

	if src.History {
		return res, r.scanHistory(ctx, src, cfg, res, limit, seen, scanFile)
	}
	for _, f := range files {
		if !limit(f.Path) || cfg.PathAllowed(f.Path) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		seen[f.Path] = true
		if f.TooLarge && cfg.MaxFileSize > r.MaxBlobSize && f.Blob != "" {
			// The configuration allows more than the default cap.
			big := *r
			big.MaxBlobSize = cfg.MaxFileSize
			if bs, err := big.Blobs(ctx, []string{f.Blob}); err == nil && bs[0] != nil {
				f.Content, f.TooLarge = bs[0], false
				if f.New {
					f.Added = Ranges{{Start: 1, End: bytes.Count(f.Content, []byte{'\n'}) + 1}}
				}
			}
		}
		if f.TooLarge || int64(len(f.Content)) > cfg.MaxFileSize {
			res.Notices = append(res.Notices, finding.Notice{File: f.Path, Kind: "too-large",
				Message: fmt.Sprintf("staged file larger than %d bytes, not scanned (raise scan.max-file-size in .secretlint.yaml)", min(cfg.MaxFileSize, r.MaxBlobSize)), Error: true})
			continue
		}
		res.Files++
		res.Bytes += int64(len(f.Content))
		fs, ns := scanFile(ctx, cfg, f.Path, f.Content)
		for i := range fs {
			if onAddedLines(&fs[i], f) {
				res.Findings = append(res.Findings, fs[i])
			}
		}
		res.Notices = append(res.Notices, ns...)
	}
	finding.Sort(res.Findings)
	return res, nil
}

// onAddedLines reports whether a finding touches a line the change added.
// The whole file is scanned, but a finding wholly on untouched lines was
// there before this change and is not its author's to fix now; a baseline
// or a full scan reports it. A finding without a line (a path-only rule)
// counts for a new file only.
func onAddedLines(f *finding.Finding, file File) bool {
	if f.Line <= 0 {
		return file.New
	}
	return file.Added.Overlaps(f.Line, max(f.EndLine, f.Line))
}

// scanHistory scans what each selected commit added.
func (r *Repo) scanHistory(ctx context.Context, src Source, cfg *rules.Config, res *ScanResult, limit func(string) bool, seen map[string]bool, scanFile ScanFunc) error {
	commits := map[string]bool{}
	err := r.History(ctx, src.HistoryOptions, func(a *Addition) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		commits[a.Commit.Hash] = true
		if src.Progress != nil {
			src.Progress()
		}
		if !limit(a.Path) || cfg.PathAllowed(a.Path) {
			return nil
		}
		seen[a.Path] = true
		res.Files++
		content := a.Content()
		res.Bytes += int64(len(content))
		fs, ns := scanFile(ctx, cfg, a.Path, content)
		for i := range fs {
			res.Findings = append(res.Findings, HistoryFinding(fs[i], a))
		}
		for _, n := range ns {
			if n.Error {
				n.Message = fmt.Sprintf("commit %s: %s", short(a.Commit.Hash), n.Message)
				res.Notices = append(res.Notices, n)
			}
		}
		return nil
	})
	res.Commits = len(commits)
	if err != nil {
		return err
	}
	finding.Sort(res.Findings)
	return nil
}

// HistoryFinding maps a finding in an addition's text back to the file
// and commit, and tags it TagHistoryExposed.
func HistoryFinding(f finding.Finding, a *Addition) finding.Finding {
	line := func(l int) int {
		if l >= 1 && l <= len(a.LineNumbers) {
			return a.LineNumbers[l-1]
		}
		return l
	}
	f.Line, f.EndLine = line(f.Line), line(f.EndLine)
	// Byte offsets refer to the joined added lines, not to any file on
	// disk: history findings carry no span to edit.
	f.Offset, f.EndOffset = 0, 0
	f.Commit, f.Author, f.Email, f.Date = a.Commit.Hash, a.Commit.Author, a.Commit.Email, a.Commit.Date
	if !f.HasTag(TagHistoryExposed) {
		f.Tags = append(f.Tags, TagHistoryExposed)
	}
	// The reports print the commit, author and date from the fields;
	// the message says what follows from them.
	const exposed = "exposed in git history: rotate it, deleting it from the tree does not undo the exposure"
	if f.Message == "" {
		f.Message = exposed
	} else {
		f.Message += "; " + exposed
	}
	return f
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// PathScope returns a scope matching paths (slash, relative to root) under
// the given arguments (relative to the current directory); nil when one
// of them is root itself.
func PathScope(root string, args []string) func(string) bool {
	var prefixes []string
	for _, a := range args {
		rel := RelSlash(root, a)
		if rel == "." || rel == "" {
			return nil
		}
		prefixes = append(prefixes, rel)
	}
	return func(p string) bool {
		for _, pre := range prefixes {
			if p == pre || strings.HasPrefix(p, pre+"/") {
				return true
			}
		}
		return false
	}
}

// RelSlash returns path relative to root, slash-separated (path itself
// when it is outside root).
func RelSlash(root, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}
