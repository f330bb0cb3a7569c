package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

const scanSynopsis = `[flags] [path ...]

Scans files and directories (default: the current directory) for hardcoded
secrets: gitleaks' provider rules on every text file, plus structure-aware
rules for Go, YAML (Kubernetes, docker-compose, GitHub Actions,
CloudFormation, Spring, Helm, Ansible), dbt profiles.yml / packages.yml /
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
}

func runScan(ctx context.Context, e *env, args []string) error {
	var f scanFlags
	fs := newFlagSet(e, "scan", scanSynopsis)
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: .secretlint.yaml in the scanned directory)")
	fs.StringVar(&f.format, "format", "text", "report `format`: text, json, sarif or github")
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		return usageErrorf("scan: unknown --format %q (want text, json, sarif or github)", f.format)
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
	if len(paths) == 0 {
		paths = []string{"."}
	}
	cfgDir := paths[0]
	if st, err := os.Stat(cfgDir); err != nil {
		return usageErrorf("scan: %v", err)
	} else if !st.IsDir() {
		cfgDir = filepath.Dir(cfgDir)
	}
	cfg, err := rules.LoadConfig(cfgDir, f.config)
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
	res, err := scan.Run(ctx, scan.Options{
		Paths: paths, Config: cfg, Workers: f.workers, FollowSymlinks: f.follow,
		MaxFileSize: maxSize, DBTProfilesDir: dbtDir, NoIgnoreFiles: f.noIgnore,
	})
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}

	out := e.stdout
	var file *os.File
	if f.output != "" {
		if file, err = os.Create(f.output); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("creating the report: %w", err)}
		}
		out = file
	}
	werr := writeReport(out, f.format, res, f.showSecrets)
	if file != nil {
		if cerr := file.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("writing the report: %w", werr)}
	}
	summary(e.stderr, res)

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

// writeReport writes the report.
//
// TODO(report): replace with report.Write(w, format, res, report.Options{…})
// once package report lands in main. This minimal writer exists so that
// `secretlint scan` is usable before then; it supports text and json only.
func writeReport(w io.Writer, format string, res *scan.Result, showSecrets bool) error {
	switch format {
	case "text":
		return writeText(w, res, showSecrets)
	case "json":
		return writeJSON(w, res, showSecrets)
	}
	return fmt.Errorf("--format %s is written by package report, which is not in this build yet; use text or json", format)
}

func writeText(w io.Writer, res *scan.Result, showSecrets bool) error {
	var b strings.Builder
	for _, f := range res.Findings {
		val := f.Preview()
		if showSecrets {
			val = f.Secret.Reveal()
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s [%s] %s", f.File, f.Line, f.Column, f.RuleID, f.Severity, f.Message)
		if f.KeyPath != "" {
			fmt.Fprintf(&b, " (at %s)", f.KeyPath)
		}
		if val != "" {
			fmt.Fprintf(&b, ": %q", val)
		}
		b.WriteByte('\n')
	}
	for _, n := range res.Notices {
		level := "warning"
		if n.Error {
			level = "error"
		}
		loc := n.File
		if n.Line > 0 {
			loc = fmt.Sprintf("%s:%d", n.File, n.Line)
		}
		fmt.Fprintf(&b, "%s: %s: %s (%s)\n", loc, level, n.Message, n.Kind)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type jsonFinding struct {
	finding.Finding
	Preview string `json:"preview"`
	Value   string `json:"value,omitempty"`
}

func writeJSON(w io.Writer, res *scan.Result, showSecrets bool) error {
	fs := make([]jsonFinding, len(res.Findings))
	for i, f := range res.Findings {
		fs[i] = jsonFinding{Finding: f, Preview: f.Preview()}
		if showSecrets {
			fs[i].Value = f.Secret.Reveal()
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Findings []jsonFinding    `json:"findings"`
		Notices  []finding.Notice `json:"notices"`
		Files    int64            `json:"files"`
		Bytes    int64            `json:"bytes"`
		Skipped  int              `json:"skipped"`
		Suppr    int              `json:"suppressed"`
	}{Findings: fs, Notices: res.Notices, Files: res.Files, Bytes: res.Bytes, Skipped: len(res.Skipped), Suppr: res.Suppressed})
}
