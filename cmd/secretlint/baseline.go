package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/secretlint-go/secretlint/baseline"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/atomicfile"
	"github.com/secretlint-go/secretlint/report"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

// The scan engine behind `secretlint baseline`.
var (
	fileScanner scanFileFunc = scan.ScanFile
	treeScanner treeScanFunc = func(ctx context.Context, cfg *rules.Config, root string, paths []string, _ scanFileFunc) ([]finding.Finding, []finding.Notice, error) {
		res, err := scan.Run(ctx, scan.Options{Paths: paths, Config: cfg})
		if err != nil {
			return nil, nil, err
		}
		// Files left out (binary, ignored, allowlisted) come back as
		// notices that are not errors, for --verbose.
		return res.Findings, append(res.Notices, res.Skipped...), nil
	}
)

func runBaseline(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "baseline", "[flags] [paths]")
	output := fs.String("o", "", "write the baseline to `file` (atomically) instead of stdout")
	configFile := fs.String("config", "", "configuration file (default: .secretlint.yaml in the current directory)")
	quiet := fs.Bool("quiet", false, "print no summary on stderr")
	verbose := fs.Bool("verbose", false, "print every file that was not scanned, and why, on stderr")
	publicSalt := fs.Bool("allow-default-salt", false, "write the baseline even though the fingerprint salt is the public default (or comes from the repository's own configuration): anyone with the baseline can then test guesses of a weak secret offline")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: secretlint baseline [flags] [paths]

Scans paths (default: the current directory, which should be the repository
root so that paths match later scans) and prints a baseline of every
finding: salted fingerprints of rule, path and value, with no secret, no
line number and no timestamp. Then

	secretlint scan --baseline %[1]s

reports only findings that are not in it. Commit the file; for conflict-free
merges add "%[1]s merge=union" to .gitattributes.

Flags:
`, baseline.DefaultFile)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	res, err := treeScan(ctx, fs.Args(), *configFile, fileScanner, treeScanner)
	if err != nil {
		return err
	}
	if err := baselineSaltTrusted(res.Config, *configFile == "", *publicSalt); err != nil {
		return err
	}
	for _, n := range res.Notices {
		if n.Error || *verbose {
			fmt.Fprintf(e.stderr, "secretlint: %s: %s: %s\n", report.Clean(n.File), n.Kind, report.Clean(n.Message))
		}
	}
	b := baseline.FromFindings(res.Config.Salt, res.Findings)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return err
	}
	if *output == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	} else if err := writeFileAtomic(*output, buf.Bytes()); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(e.stderr, "secretlint: baseline of %d findings (%d entries)\n", len(res.Findings), len(b.Entries))
	}
	return nil
}

// baselineSaltTrusted refuses to write a baseline keyed by a salt anyone
// may know: a baseline is committed, and a fingerprint under a public salt
// lets anyone test guesses of a weak value offline.
func baselineSaltTrusted(cfg *rules.Config, repoConfig, allow bool) error {
	if allow {
		return nil
	}
	const how = "set a secret salt in SECRETLINT_FINGERPRINT_SALT (for example `export SECRETLINT_FINGERPRINT_SALT=$(openssl rand -hex 32)`, kept in your CI's secrets and shared with every job that reads the baseline), or pass --allow-default-salt"
	switch {
	case cfg.SaltSource == rules.SaltDefault:
		return &exitError{code: ExitError, err: errors.New("baseline: no fingerprint salt is set, and the default salt is public: anyone with the baseline could test guesses of a weak secret offline; " + how)}
	case cfg.SaltSource == rules.SaltFile && repoConfig:
		return &exitError{code: ExitError, err: fmt.Errorf("baseline: the fingerprint salt comes from %s, which is committed with the baseline, so it protects nothing; %s", report.Clean(cfg.Path), how)}
	}
	return nil
}

// writeFileAtomic writes data to name (mode 0644) so that a reader sees
// the old content or the new, never a part.
func writeFileAtomic(name string, data []byte) error {
	return atomicfile.Write(name, data, 0o644)
}
