package main

// The scan command's flags for the git sources (--staged, --git,
// --diff-base, which gitsource scans), baselines (--baseline,
// --report-stale, .gitleaksignore) and verbosity (--quiet, --verbose). The scan command registers these flags with
// gateFlags.register, calls gitGates for a git source or treeGates after
// its own tree scan, then footer after the report.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
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
	fs.BoolVar(&g.git, "git", false, "scan git history: the lines each commit added (all refs; see --since and --log-opts); findings are tagged "+gitsource.TagHistoryExposed)
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
	res := &gateResult{Root: root, Config: cfg, Findings: findings, Notices: notices, Scope: gitsource.PathScope(root, paths), Files: int(files)}
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
	res.Scope = gitsource.PathScope(root, paths)
	res.Findings, res.Notices, err = scanTree(ctx, cfg, root, paths, scanFile)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// gitScan scans the git source g selects (gitsource.Repo.Scan). Paths,
// when given, limit the scan to files under them.
func gitScan(ctx context.Context, e *env, g *gateFlags, configFile string, paths []string, scanFile scanFileFunc) (*gateResult, error) {
	repo, err := gitsource.Open(ctx, ".")
	if err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("scan --%s: %w (run it inside a git work tree)", g.mode(), err)}
	}
	src := gitsource.Source{Staged: g.staged, DiffBase: g.diffBase, History: g.git, ConfigFile: configFile, Paths: paths, NeedConfig: g.baseline != "",
		NoRepoConfig: g.noRepoConfig}
	if g.git {
		src.HistoryOptions.Since = g.since
		if g.logOpts != "" {
			if src.HistoryOptions.LogOpts, err = splitArgs(g.logOpts); err != nil {
				return nil, usageErrorf("scan: --log-opts: %v", err)
			}
		}
		bar := newProgress(e, g.quiet, -1, "scanning history: file versions")
		defer bar.finish()
		src.Progress = func() { bar.add(1) }
	}
	sr, err := repo.Scan(ctx, src, gitsource.ScanFunc(scanFile))
	var ce *gitsource.ConfigError
	if errors.As(err, &ce) {
		return nil, &exitError{code: ExitError, err: ce.Err}
	}
	if err != nil {
		return nil, err
	}
	if g.git && g.verbose {
		fmt.Fprintf(e.stderr, "secretlint: history: %d commits with additions\n", sr.Commits)
	}
	return &gateResult{Root: sr.Root, Config: sr.Config, Findings: sr.Findings, Notices: sr.Notices, Scope: sr.Scope, Files: sr.Files, Bytes: sr.Bytes}, nil
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
