package main

// The scan command's git sources (--staged, --git, --diff-base), baselines
// (--baseline, --report-stale, .gitleaksignore) and verbosity (--quiet,
// --verbose). The scan command registers these flags with
// gateFlags.register, calls gitGates for a git source or treeGates after
// its own tree scan, then footer after the report.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/baseline"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/gitsource"
	"github.com/secretlint-go/secretlint/rules"
)

// scanFileFunc scans one file's content; it has the signature of
// scan.ScanFile.
type scanFileFunc func(ctx context.Context, cfg *rules.Config, path string, content []byte) ([]finding.Finding, []finding.Notice)

// treeScanFunc scans paths (relative to the current directory) in the
// working tree, reporting paths relative to root; an adapter over scan.Run.
type treeScanFunc func(ctx context.Context, cfg *rules.Config, root string, paths []string, scanFile scanFileFunc) ([]finding.Finding, []finding.Notice, error)

// TagHistoryExposed marks a finding from git history: the value was
// committed, so it is exposed to everyone with a clone even if the
// current tree no longer has it.
const TagHistoryExposed = "history:exposed"

// gateFlags are the scan flags this file implements.
type gateFlags struct {
	staged      bool
	git         bool
	since       string
	logOpts     string
	diffBase    string
	baseline    string
	reportStale bool
	gitleaksIgn bool
	quiet       bool
	verbose     bool
	// noRepoConfig: read no configuration, ignore or allowlist file from
	// the scanned repository (see config_trust.go).
	noRepoConfig bool
}

func (g *gateFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&g.staged, "staged", false, "scan the staged (index) version of the files the next commit changes, and report only findings on the lines it adds (for pre-commit hooks)")
	fs.BoolVar(&g.git, "git", false, "scan git history: the lines each commit added (all refs; see --since and --log-opts); findings are tagged "+TagHistoryExposed)
	fs.StringVar(&g.since, "since", "", "with --git: scan only commits after `REV` (REV..HEAD)")
	fs.StringVar(&g.logOpts, "log-opts", "", "with --git: `options` for git log instead of --all, split at spaces with quotes grouping (e.g. \"--since=2024-01-01 main\")")
	fs.StringVar(&g.diffBase, "diff-base", "", "scan only what changed since the merge base of `REV` and HEAD (committed, uncommitted and untracked), reporting findings on changed lines")
	fs.StringVar(&g.baseline, "baseline", "", "report only findings not accepted by the baseline `file` (made by secretlint baseline)")
	fs.BoolVar(&g.reportStale, "report-stale", false, "with --baseline: list baseline and .gitleaksignore entries that matched nothing in what was scanned")
	fs.BoolVar(&g.gitleaksIgn, "gitleaksignore", true, "honour .gitleaksignore in the repository or scan root")
	fs.BoolVar(&g.quiet, "quiet", false, "print nothing on stderr but errors: no progress bar, summary or advice (the report itself is unchanged)")
	fs.BoolVar(&g.verbose, "verbose", false, "print what is scanned and how long it took on stderr")
	fs.BoolVar(&g.noRepoConfig, "no-repo-config", false, noRepoConfigUsage)
}

// mode names the git source in use ("" for a tree scan).
func (g *gateFlags) mode() string {
	switch {
	case g.staged:
		return "staged"
	case g.git:
		return "git"
	case g.diffBase != "":
		return "diff-base"
	}
	return ""
}

// validate rejects incompatible combinations with a specific message.
func (g *gateFlags) validate(paths []string) error {
	n := 0
	for _, on := range []bool{g.staged, g.git, g.diffBase != ""} {
		if on {
			n++
		}
	}
	switch {
	case n > 1:
		return usageErrorf("scan: --staged, --git and --diff-base are exclusive; choose one")
	case (g.since != "" || g.logOpts != "") && !g.git:
		return usageErrorf("scan: --since and --log-opts need --git (e.g. secretlint scan --git --since origin/main)")
	case g.since != "" && g.logOpts != "":
		return usageErrorf("scan: give --since or --log-opts, not both (put the range in --log-opts)")
	case g.reportStale && g.baseline == "" && !g.gitleaksIgn:
		return usageErrorf("scan: --report-stale needs --baseline FILE or a .gitleaksignore")
	case g.quiet && g.verbose:
		return usageErrorf("scan: --quiet and --verbose are exclusive")
	}
	return nil
}

// staleEntry is a baseline or .gitleaksignore entry that matched nothing.
type staleEntry struct {
	Fingerprint string `json:"fingerprint,omitempty"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	// Source is set for .gitleaksignore entries ("FILE:LINE").
	Source string `json:"source,omitempty"`
}

// gateResult is what a scan through these hooks produced.
type gateResult struct {
	// Root is the directory finding paths are relative to (the
	// repository's top level for git sources).
	Root     string
	Config   *rules.Config
	Findings []finding.Finding
	Notices  []finding.Notice
	// Scope reports whether a path was scanned (nil: the whole root).
	Scope func(path string) bool
	// Files is the number of files (for --git: file versions) scanned,
	// Bytes their size.
	Files int
	Bytes int64
	// Accepted is the number of findings the baseline accepted.
	Accepted int
	Stale    []staleEntry
}

// gitGates is the scan command's path for --staged, --git and
// --diff-base: the git scan, then the baseline.
func gitGates(ctx context.Context, e *env, g *gateFlags, configFile string, paths []string, scanFile scanFileFunc) (*gateResult, error) {
	start := time.Now()
	res, err := gitScan(ctx, e, g, configFile, paths, scanFile)
	if err != nil {
		return nil, err
	}
	return res, g.finish(e, res, start)
}

// treeGates wraps the result of a tree scan of paths (relative to the
// current directory) so that the baseline applies to it; the scan command
// calls it after scan.Run and reports res.Findings and res.Notices.
func (g *gateFlags) treeGates(e *env, cfg *rules.Config, paths []string, findings []finding.Finding, notices []finding.Notice, files int64, start time.Time) (*gateResult, error) {
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	res := &gateResult{Root: root, Config: cfg, Findings: findings, Notices: notices, Scope: pathScope(root, paths), Files: int(files)}
	return res, g.finish(e, res, start)
}

// finish applies the baseline and prints the --verbose line.
func (g *gateFlags) finish(e *env, res *gateResult, start time.Time) error {
	if err := g.applyBaseline(res); err != nil {
		return err
	}
	if g.verbose {
		what := g.mode()
		if what == "" {
			what = "tree"
		}
		fmt.Fprintf(e.stderr, "secretlint: %s scan of %s: %d files, %d findings, %d accepted by baseline, %.2fs\n",
			what, res.Root, res.Files, len(res.Findings), res.Accepted, time.Since(start).Seconds())
	}
	return nil
}

// treeScan scans paths in the working tree (default ".") with scanTree;
// the root is the current directory.
func treeScan(ctx context.Context, paths []string, configFile string, scanFile scanFileFunc, scanTree treeScanFunc) (*gateResult, error) {
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	cfg, err := rules.LoadConfig(root, configFile)
	if err != nil {
		return nil, &exitError{code: ExitError, err: err}
	}
	res := &gateResult{Root: root, Config: cfg}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	res.Scope = pathScope(root, paths)
	res.Findings, res.Notices, err = scanTree(ctx, cfg, root, paths, scanFile)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// pathScope returns a scope matching paths under the given arguments
// (relative to the current directory, made relative to root); nil when
// one of them is root itself.
func pathScope(root string, args []string) func(string) bool {
	var prefixes []string
	for _, a := range args {
		rel := relSlash(root, a)
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

// gitScan scans the git source g selects. Paths, when given, limit the
// scan to files under them.
func gitScan(ctx context.Context, e *env, g *gateFlags, configFile string, paths []string, scanFile scanFileFunc) (*gateResult, error) {
	repo, err := gitsource.Open(ctx, ".")
	if err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("scan --%s: %w (run it inside a git work tree)", g.mode(), err)}
	}
	if !g.git {
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
		cfg, err := rules.LoadConfigWith(repo.Root, configFile, !g.noRepoConfig)
		if err == nil {
			_, err = cfg.Detector()
		}
		cfgc <- loaded{cfg, err}
	}()
	// The configuration is not loaded yet: cap blobs at the default size
	// here; a configured cap above it re-reads the blob below.
	repo.MaxBlobSize = rules.DefaultMaxFileSize
	var files []gitsource.File
	if !g.git {
		if g.staged {
			files, err = repo.Staged(ctx)
		} else {
			files, err = repo.Changed(ctx, g.diffBase)
		}
		if err != nil {
			return nil, err
		}
		if g.staged && len(paths) > 0 {
			// pre-commit passes file names: the staged ones on a commit,
			// every tracked one with run --all-files (or the named ones
			// with --files), where nothing is staged. A named file with
			// nothing staged is scanned whole, from the working tree.
			staged := make(map[string]bool, len(files))
			for _, f := range files {
				staged[f.Path] = true
			}
			whole, err := repo.Whole(paths, staged)
			if err != nil {
				return nil, err
			}
			files = append(files, whole...)
		}
		if len(files) == 0 && g.baseline == "" {
			// Nothing to scan; the configuration is needed only to
			// check a baseline's salt.
			return &gateResult{Root: repo.Root, Scope: func(string) bool { return false }}, nil
		}
	}
	ld := <-cfgc
	if ld.err != nil {
		return nil, &exitError{code: ExitError, err: ld.err}
	}
	cfg := ld.cfg
	res := &gateResult{Root: repo.Root, Config: cfg}
	limit := func(string) bool { return true }
	if len(paths) > 0 {
		if s := pathScope(repo.Root, paths); s != nil {
			limit = s
		}
	}
	seen := map[string]bool{}
	res.Scope = func(p string) bool { return seen[p] }

	if g.git {
		return res, historyScan(ctx, e, g, repo, cfg, res, limit, seen, scanFile)
	}
	for _, f := range files {
		if !limit(f.Path) || cfg.PathAllowed(f.Path) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		seen[f.Path] = true
		if f.TooLarge && cfg.MaxFileSize > repo.MaxBlobSize && f.Blob != "" {
			// The configuration allows more than the default cap.
			big := *repo
			big.MaxBlobSize = cfg.MaxFileSize
			if bs, err := big.Blobs(ctx, []string{f.Blob}); err == nil && bs[0] != nil {
				f.Content, f.TooLarge = bs[0], false
				if f.New {
					f.Added = gitsource.Ranges{{Start: 1, End: bytes.Count(f.Content, []byte{'\n'}) + 1}}
				}
			}
		}
		if f.TooLarge || int64(len(f.Content)) > cfg.MaxFileSize {
			res.Notices = append(res.Notices, finding.Notice{File: f.Path, Kind: "too-large",
				Message: fmt.Sprintf("staged file larger than %d bytes, not scanned (raise scan.max-file-size in .secretlint.yaml)", min(cfg.MaxFileSize, repo.MaxBlobSize)), Error: true})
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
// The whole file is scanned (so that YAML and Go structure is seen), but a
// finding wholly on untouched lines was there before this change and is
// not its author's to fix now; a baseline or a full scan reports it. A
// finding without a line (a path-only rule) counts for a new file only.
func onAddedLines(f *finding.Finding, file gitsource.File) bool {
	if f.Line <= 0 {
		return file.New
	}
	return file.Added.Overlaps(f.Line, max(f.EndLine, f.Line))
}

// historyScan scans what each selected commit added.
func historyScan(ctx context.Context, e *env, g *gateFlags, repo *gitsource.Repo, cfg *rules.Config, res *gateResult, limit func(string) bool, seen map[string]bool, scanFile scanFileFunc) error {
	opts := gitsource.HistoryOptions{Since: g.since}
	if g.logOpts != "" {
		var err error
		if opts.LogOpts, err = splitArgs(g.logOpts); err != nil {
			return usageErrorf("scan: --log-opts: %v", err)
		}
	}
	bar := newProgress(e, g.quiet, -1, "scanning history: file versions")
	defer bar.finish()
	commits := map[string]bool{}
	err := repo.History(ctx, opts, func(a *gitsource.Addition) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		commits[a.Commit.Hash] = true
		bar.add(1)
		if !limit(a.Path) || cfg.PathAllowed(a.Path) {
			return nil
		}
		seen[a.Path] = true
		res.Files++
		content := a.Content()
		res.Bytes += int64(len(content))
		fs, ns := scanFile(ctx, cfg, a.Path, content)
		for i := range fs {
			f := historyFinding(fs[i], a)
			res.Findings = append(res.Findings, f)
		}
		for _, n := range ns {
			if n.Error {
				n.Message = fmt.Sprintf("commit %s: %s", short(a.Commit.Hash), n.Message)
				res.Notices = append(res.Notices, n)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	finding.Sort(res.Findings)
	if g.verbose {
		fmt.Fprintf(e.stderr, "secretlint: history: %d commits with additions\n", len(commits))
	}
	return nil
}

// splitArgs splits a --log-opts string into arguments at spaces, with
// single and double quotes grouping (no escapes, no expansion).
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				args = append(args, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	}
	if in {
		args = append(args, cur.String())
	}
	return args, nil
}

// historyFinding maps a finding in an addition's text back to the file
// and commit.
func historyFinding(f finding.Finding, a *gitsource.Addition) finding.Finding {
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

// applyBaseline drops the findings the baseline or .gitleaksignore
// accepts and, with --report-stale, records entries that matched nothing
// (as warnings, so every report format shows them).
func (g *gateFlags) applyBaseline(res *gateResult) error {
	var b *baseline.Baseline
	if g.baseline != "" {
		var err error
		b, err = baseline.Load(g.baseline)
		if err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("reading baseline: %w", err)}
		}
		if b.SaltCheck != "" && b.SaltCheck != baseline.SaltCheck(res.Config.Salt) {
			return &exitError{code: ExitError, err: fmt.Errorf("baseline %s was made with another fingerprint salt: scan with the same SECRETLINT_FINGERPRINT_SALT (or fingerprint-salt), or regenerate it with: secretlint baseline > %s", g.baseline, g.baseline)}
		}
	}
	var gl []baseline.GitleaksIgnore
	if g.gitleaksIgn && !g.noRepoConfig {
		name := filepath.Join(res.Root, ".gitleaksignore")
		f, err := os.Open(name)
		switch {
		case err == nil:
			gl, err = baseline.ParseGitleaksIgnore(f, ".gitleaksignore")
			f.Close()
			if err != nil {
				return &exitError{code: ExitError, err: err}
			}
		case !errors.Is(err, os.ErrNotExist):
			return err
		}
	}
	if b == nil && gl == nil {
		return nil
	}
	flt := baseline.NewFilter(b, gl)
	res.Findings, res.Accepted = flt.Apply(res.Findings)
	if !g.reportStale {
		return nil
	}
	for _, s := range flt.Stale(res.Scope) {
		res.Stale = append(res.Stale, staleEntry{Fingerprint: s.Fingerprint, Rule: s.Rule, Path: s.Path})
		res.Notices = append(res.Notices, finding.Notice{File: s.Path, Kind: "baseline-stale",
			Message: fmt.Sprintf("baseline entry %s (%s) matches no finding: the secret was removed or changed; regenerate the baseline", s.Fingerprint, s.Rule)})
	}
	for _, s := range flt.StaleGitleaks(res.Scope) {
		res.Stale = append(res.Stale, staleEntry{Rule: s.Rule, Path: s.File, Source: s.Source})
		res.Notices = append(res.Notices, finding.Notice{File: s.File, Line: s.Line, Kind: "gitleaksignore-stale",
			Message: fmt.Sprintf("%s entry for %s at line %d matches no finding: remove it", s.Source, s.Rule, s.Line)})
	}
	return nil
}

// footer prints, after the report, what to do next when a staged scan
// refuses a commit (stderr, not with --quiet).
func (g *gateFlags) footer(e *env, res *gateResult) {
	if g.quiet || len(res.Findings) == 0 {
		return
	}
	switch {
	case g.staged:
		fmt.Fprintf(e.stderr, "secretlint: %d secret(s) on lines this commit adds. Remove them from the staged files (git add again), "+
			"or if a finding is a false positive add \"secretlint:ignore RULE reason\" on its line; "+
			"\"secretlint explain RULE\" says more. Bypass once with git commit --no-verify.\n", len(res.Findings))
	case g.git:
		fmt.Fprintf(e.stderr, "secretlint: %d secret(s) in git history. Rotate each one: removing it in a new commit does not undo the exposure.\n", len(res.Findings))
	}
}

// relSlash returns path relative to root, slash-separated (path itself
// when it is outside root).
func relSlash(root, path string) string {
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
