package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/refaudit"
	"github.com/secretlint-go/secretlint/report"
	"github.com/secretlint-go/secretlint/rules"
)

const refsSynopsis = `[flags] [path ...]

Finds every reference to a stored secret under the paths (default: the
whole tree): vals ref+…, CloudFormation {{resolve:secretsmanager:…}},
External Secrets remoteRefs, env maps, Go secretref calls and dbt env_var
through the env maps. Checks each against its store without reading a
value (unless --check-keys), and every policy under .secretlint/policies.

Rules: dangling-reference (high), secret-pending-deletion (high),
rotation-disabled (medium), rotation-overdue (medium), overbroad-policy
(medium), unused-secret (low), missing-audit-trail (low).

Exit codes: 0 clean, 1 findings (--exit-code, --fail-on), 2 usage error or a
store that cannot be reached (never reported as clean).`

// refsNow is the clock of refs; tests replace it.
var refsNow = time.Now

func runRefs(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "refs", refsSynopsis)
	var (
		sf                               storeFlags
		root, configPath, format, output string
		failOn, maxAge, prefix, envName  string
		checkKeys                        bool
		exitCode                         int
	)
	sf.register(fs, true)
	fs.StringVar(&root, "C", ".", "root `directory`: paths and policies are relative to it")
	fs.StringVar(&configPath, "config", "", "configuration file (default: .secretlint.yaml in the root)")
	fs.StringVar(&format, "format", "text", "report `format`: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&output, "output", "", "write the report to `file` instead of standard output")
	fs.StringVar(&failOn, "fail-on", "", "only findings at or above this `severity` set the exit code")
	fs.IntVar(&exitCode, "exit-code", ExitFindings, "exit `code` when there are findings")
	fs.BoolVar(&checkKeys, "check-keys", false, "read each referenced secret to check its keys (values stay in memory)")
	fs.StringVar(&maxAge, "max-age", "90d", "rotation-overdue threshold (`duration`: 90d, 2160h)")
	fs.StringVar(&prefix, "prefix", remediate.DefaultPrefix, "the prefix remediation manages (unused-secret, missing-audit-trail)")
	fs.StringVar(&envName, "env-file", remediate.DefaultEnvFileName, "name of the env maps")
	var disable stringList
	fs.Var(&disable, "disable", "leave out findings of this `rule` (repeatable), e.g. rotation-disabled where rotation is handled outside the store")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, id := range disable {
		if refaudit.Rule(id) == nil {
			return usageErrorf("refs: --disable: unknown rule %q", id)
		}
	}
	if !slices.Contains(report.Formats(), format) {
		return usageErrorf("refs: unknown --format %q (want one of %s)", format, strings.Join(report.Formats(), ", "))
	}
	var threshold finding.Severity
	if failOn != "" {
		var err error
		if threshold, err = finding.ParseSeverity(failOn); err != nil {
			return usageErrorf("refs: --fail-on: %v", err)
		}
	}
	age, err := parseAge(maxAge)
	if err != nil {
		return usageErrorf("refs: --max-age: %v", err)
	}
	if sf.backend != "" && sf.backend != "aws" && sf.backend != "vault" {
		return usageErrorf("refs: --backend aws or --backend vault")
	}
	cfg, err := rules.LoadConfig(root, configPath)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("loading the configuration: %w", err)}
	}
	res, err := refaudit.Run(ctx, refaudit.Options{
		Root: root, Paths: fs.Args(), Backend: sf.backend, Mount: sf.mount, EnvFileName: envName, Prefix: prefix,
		CheckKeys: checkKeys, MaxAge: age, Now: refsNow, Salt: cfg.Salt,
		Open: func(ctx context.Context, backend, where string) (remediate.Store, error) {
			return openStore(ctx, e, sf, backend, where)
		},
	})
	if err != nil {
		if errors.Is(err, refaudit.ErrStore) {
			return &exitError{code: ExitError, err: fmt.Errorf("refs: cannot check the references: %w", err)}
		}
		return &exitError{code: ExitError, err: fmt.Errorf("refs: %w", err)}
	}
	res.Findings = slices.DeleteFunc(res.Findings, func(f finding.Finding) bool { return slices.Contains(disable, f.RuleID) })
	out := e.stdout
	var file *os.File
	if output != "" {
		if file, err = os.Create(output); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("creating the report: %w", err)}
		}
		out = file
	}
	absRoot := root
	if a, err := filepath.Abs(root); err == nil {
		absRoot = a
	}
	werr := report.Write(out, format, &report.Report{Findings: res.Findings, Root: absRoot}, report.Options{
		ToolVersion: version(), Color: format == "text" && colorWanted(e, out), Rule: refaudit.Rule,
	})
	if file != nil {
		if cerr := file.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("writing the report: %w", werr)}
	}
	fmt.Fprintf(e.stderr, "secretlint refs: %d reference(s), %d policy file(s) checked, %d finding(s)\n", len(res.References), res.Policies, len(res.Findings))
	for _, f := range res.Findings {
		if f.Severity >= threshold {
			if exitCode == 0 {
				return nil
			}
			return &exitError{code: exitCode, err: errors.New("")}
		}
	}
	return nil
}

// parseAge parses a duration, with "d" for days.
func parseAge(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration", s)
	}
	return d, nil
}
