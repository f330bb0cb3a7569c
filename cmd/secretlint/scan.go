package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/report"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

const scanSynopsis = `[flags] [path ...]

Scans files and directories (default: the current directory) for hardcoded
secrets: gitleaks' provider rules on every text file, plus structure-aware
rules for Go, YAML (Kubernetes, docker-compose, GitHub Actions, GitLab CI,
CloudFormation, Spring, Helm, Ansible), Terraform (.tf, .tfvars,
.tfvars.json), Ansible INI inventories, dbt profiles.yml / packages.yml /
dbt_project.yml and KEY=value files. .gitignore and .secretlintignore are
honoured; suppress a finding with "# secretlint:ignore <rule> <reason>".

Exit codes: 0 clean, 1 findings (--exit-code, --fail-on), 2 usage or
configuration error, or a file that could not be scanned.`

type scanFlags struct {
	config         string
	format         string
	output         string
	showSecrets    bool
	exitCode       int
	failOn         string
	maxFileSize    string
	follow         bool
	dbtProfilesDir string
	workers        int
	noGitleaks     bool
	noIgnore       bool
	cpuProfile     string
}

func runScan(ctx context.Context, e *env, args []string) error {
	var f scanFlags
	fs := newFlagSet(e, "scan", scanSynopsis)
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: .secretlint.yaml in the scanned directory)")
	fs.StringVar(&f.format, "format", "text", "report `format`: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.output, "output", "", "write the report to `file` instead of standard output")
	fs.BoolVar(&f.showSecrets, "show-secrets", false, "print secret values in the report instead of a redacted preview")
	fs.IntVar(&f.exitCode, "exit-code", ExitFindings, "exit `code` when there are findings")
	fs.StringVar(&f.failOn, "fail-on", "", "only findings at or above this `severity` (info, low, medium, high, critical) set the exit code")
	fs.StringVar(&f.maxFileSize, "max-file-size", "", "skip (and report) files larger than `size` (e.g. 10MiB; default from the configuration, 10MiB)")
	fs.BoolVar(&f.follow, "follow-symlinks", false, "follow symbolic links (loops are detected)")
	fs.StringVar(&f.dbtProfilesDir, "dbt-profiles-dir", "", "also scan profiles.yml in this `directory` (default $DBT_PROFILES_DIR)")
	fs.IntVar(&f.workers, "workers", 0, "files scanned in parallel (default GOMAXPROCS)")
	fs.BoolVar(&f.noGitleaks, "no-gitleaks", false, "run only secretlint's own rules, not gitleaks' provider rules")
	fs.BoolVar(&f.noIgnore, "no-ignore-files", false, "do not honour .gitignore and .secretlintignore")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the scan to `file` (for bench/scan.sh)")
	var g gateFlags // --staged, --git, --diff-base, --baseline, --report-stale, --quiet, --verbose (scan_git.go)
	g.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := g.validate(fs.Args()); err != nil {
		return err
	}
	if !slices.Contains(report.Formats(), f.format) {
		return usageErrorf("scan: unknown --format %q (want one of %s)", f.format, strings.Join(report.Formats(), ", "))
	}
	var failOn finding.Severity
	if f.failOn != "" {
		var err error
		if failOn, err = finding.ParseSeverity(f.failOn); err != nil {
			return usageErrorf("scan: --fail-on: %v", err)
		}
	}
	if f.exitCode < 0 || f.exitCode > 125 {
		return usageErrorf("scan: --exit-code must be between 0 and 125")
	}
	if f.workers < 0 {
		return usageErrorf("scan: --workers must not be negative")
	}
	paths := fs.Args()
	if g.mode() != "" {
		started := time.Now()
		gr, err := gitGates(ctx, e, &g, f.config, paths, scan.ScanFile)
		if err != nil {
			return err
		}
		res := &scan.Result{Findings: gr.Findings, Notices: gr.Notices, Files: int64(gr.Files), Bytes: gr.Bytes}
		return finishScan(e, &f, &g, gr, res, failOn, gr.Root, started)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	cfgDir := paths[0]
	if st, err := os.Stat(cfgDir); err != nil {
		return usageErrorf("scan: %v", err)
	} else if !st.IsDir() {
		cfgDir = filepath.Dir(cfgDir)
	}
	cfg, err := rules.LoadConfigWith(cfgDir, f.config, !g.noRepoConfig)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("loading configuration: %w", err)}
	}
	if f.noGitleaks {
		cfg.ProviderRules = false
	}
	var maxSize int64
	if f.maxFileSize != "" {
		if maxSize, err = rules.ParseSize(f.maxFileSize); err != nil {
			return usageErrorf("scan: --max-file-size: %v", err)
		}
	}
	dbtDir := f.dbtProfilesDir
	if dbtDir == "" && e.getenv != nil {
		dbtDir = e.getenv("DBT_PROFILES_DIR")
	}
	if f.cpuProfile != "" {
		pf, err := os.Create(f.cpuProfile)
		if err != nil {
			return usageErrorf("scan: --cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			pf.Close()
			return usageErrorf("scan: --cpuprofile: %v", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			pf.Close()
		}()
	}
	tuneGC(e, f.workers, maxSize, cfg.MaxFileSize)
	started := time.Now()
	bar := newProgress(e, g.quiet, -1, "scanning files")
	res, err := scan.Run(ctx, scan.Options{
		Paths: paths, Config: cfg, Workers: f.workers, FollowSymlinks: f.follow,
		MaxFileSize: maxSize, DBTProfilesDir: dbtDir, NoIgnoreFiles: f.noIgnore || g.noRepoConfig,
		Progress: func(done, total int) { bar.set(int64(done), int64(total)) },
	})
	bar.finish()
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	gr, err := g.treeGates(e, cfg, paths, res.Findings, res.Notices, res.Files, started)
	if err != nil {
		return err
	}
	res.Findings, res.Notices = gr.Findings, gr.Notices
	return finishScan(e, &f, &g, gr, res, failOn, paths[0], started)
}

// finishScan writes the report, prints the summary and decides the exit
// code.
func finishScan(e *env, f *scanFlags, g *gateFlags, gr *gateResult, res *scan.Result, failOn finding.Severity, root string, started time.Time) error {
	var err error

	out := e.stdout
	var file *os.File
	if f.output != "" {
		if file, err = createReport(f.output, f.showSecrets); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("creating the report: %w", err)}
		}
		out = file
	}
	werr := writeReport(out, e, f.format, res, root, started, f.showSecrets, configSources(gr.Config, res))
	if file != nil {
		if cerr := file.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("writing the report: %w", werr)}
	}
	if !g.quiet && f.format != "text" && f.format != "github" && len(res.Findings) > 0 && gr.Config != nil && gr.Config.SaltSource == rules.SaltDefault {
		// A published report's fingerprints let anyone test guesses of a
		// weak value offline unless the salt is secret.
		fmt.Fprintln(e.stderr, "secretlint: notice: the fingerprints in this report use the public default salt; set a secret SECRETLINT_FINGERPRINT_SALT before publishing it")
	}
	if g.verbose {
		// Every file left out, and why: nothing is skipped silently.
		for _, n := range res.Skipped {
			fmt.Fprintf(e.stderr, "secretlint: skipped %s: %s (%s)\n", report.Clean(n.File), report.Clean(n.Message), n.Kind)
		}
	}
	if !g.quiet && (f.format != "text" || f.output != "") {
		// The text report ends with its own summary.
		summary(e.stderr, res)
	}
	g.footer(e, gr)

	if res.HasErrors() {
		return &exitError{code: ExitError, err: errors.New("")}
	}
	for _, fd := range res.Findings {
		if fd.Severity >= failOn {
			if f.exitCode == 0 {
				return nil
			}
			return &exitError{code: f.exitCode, err: errors.New("")}
		}
	}
	return nil
}

// createReport creates the --output file. With --show-secrets the report
// holds values, so the file is mode 0600 (an existing one is narrowed to
// it too); a report written over an existing file keeps that file.
func createReport(name string, secrets bool) (*os.File, error) {
	perm := os.FileMode(0o666)
	if secrets {
		perm = 0o600
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); secrets && err == nil && fi.Mode().IsRegular() && fi.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			_ = f.Close() // already failing
			return nil, err
		}
	}
	return f, nil
}

// tuneGC trades a little memory for less garbage-collection CPU: a scan
// allocates and drops per-file buffers and syntax trees at a high rate,
// and with the default GOGC=100 and a small live heap the collector runs
// (and preempts the workers) very often. GOGC=400 with a soft memory
// limit of 64 MiB (or twice the largest files the workers can hold at
// once) cut CPU by about 10% on the k8s corpus and keeps the peak RSS under
// gitleaks' (80 MiB left it at gitleaks' on the large corpus's YAML: 94 MB
// against 93; 64 MiB gives 78 MB at the same CPU). A GOGC or GOMEMLIMIT in
// the environment wins.
func tuneGC(e *env, workers int, maxSize, cfgMax int64) {
	if e.getenv == nil || e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return
	}
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := maxSize
	if size == 0 {
		size = cfgMax
	}
	limit := max(int64(64<<20), 2*int64(workers)*size)
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(limit)
}

// summary prints one line about the scan to stderr.
func summary(w io.Writer, res *scan.Result) {
	warn, errs := 0, 0
	for _, n := range res.Notices {
		if n.Error {
			errs++
		} else {
			warn++
		}
	}
	fmt.Fprintf(w, "secretlint: %d finding(s) in %d file(s) scanned (%s); %d not scanned, %d warning(s), %d skipped, %d suppressed\n",
		len(res.Findings), res.Files, byteCount(res.Bytes), errs, warn, len(res.Skipped), res.Suppressed)
}

func byteCount(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// writeReport writes the report through package report.
func writeReport(w io.Writer, e *env, format string, res *scan.Result, root string, start time.Time, showSecrets bool, sources []report.Source) error {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return report.Write(w, format, &report.Report{
		Findings: res.Findings,
		Notices:  res.Notices,
		Root:     root,
		Stats:    report.Stats{Files: int(res.Files), Bytes: res.Bytes, Duration: time.Since(start), Start: start},
		Sources:  sources,
	}, report.Options{
		ToolVersion: version(),
		ShowSecrets: showSecrets,
		Color:       format == "text" && colorWanted(e, w),
	})
}

// colorWanted reports whether text output should be coloured: only on a
// terminal, and never when NO_COLOR is set (https://no-color.org).
func colorWanted(e *env, w io.Writer) bool {
	if e.getenv != nil && (e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb") {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
