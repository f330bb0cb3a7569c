package main

// INTERIM: this file stands in for branch scan until it lands, so that the
// git sources, baselines and hooks can be used and tested end to end now.
// When scan.go arrives, delete this file and the "scan" line this branch
// added to the commands map; scan.go calls the hooks in scan_git.go (see
// the report that came with this branch). Nothing else depends on what is
// defined here except through scanFileFunc and treeScanFunc.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// detectFile is a minimal per-file scanner over the provider rules (the
// gitleaks rule set). It has the signature of scan.ScanFile, which
// replaces it.
func detectFile(ctx context.Context, cfg *rules.Config, path string, content []byte) ([]finding.Finding, []finding.Notice) {
	if int64(len(content)) > cfg.MaxFileSize {
		return nil, []finding.Notice{{File: path, Kind: "too-large", Message: fmt.Sprintf("file larger than %d bytes, not scanned", cfg.MaxFileSize)}}
	}
	if bytes.IndexByte(content[:min(len(content), 8000)], 0) >= 0 {
		return nil, nil // binary
	}
	det, err := cfg.Detector()
	if err != nil {
		return nil, []finding.Notice{{File: path, Kind: "config", Message: err.Error(), Error: true}}
	}
	if det == nil {
		return nil, nil
	}
	text := string(content)
	var out []finding.Finding
	for _, m := range det.Detect(path, text) {
		if !cfg.RuleEnabled(m.RuleID) {
			continue
		}
		r, ok := rules.Lookup(m.RuleID)
		if !ok {
			r = rules.ProviderRule(m.RuleID, m.RuleID)
		}
		s := finding.NewSecret(m.Secret)
		f := r.Finding(r.Description, s)
		f.Severity = cfg.Severity(m.RuleID)
		f.File = path
		f.Offset, f.EndOffset = m.Start, m.End
		f.Line, f.Column = position(text, m.Start)
		f.EndLine, f.EndColumn = position(text, m.End)
		f.Fingerprint = finding.Fingerprint(cfg.Salt, f.RuleID, path, s)
		if cfg.Allowed(&f) {
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

// position returns the 1-based line and byte column of offset.
func position(text string, off int) (line, col int) {
	off = min(max(off, 0), len(text))
	line = 1 + strings.Count(text[:off], "\n")
	col = off - (strings.LastIndexByte(text[:off], '\n') + 1) + 1
	return line, col
}

// interimScanTree walks paths (files or directories, relative to the
// current directory) skipping .git, and scans each regular file.
func interimScanTree(ctx context.Context, cfg *rules.Config, root string, paths []string, scanFile scanFileFunc) ([]finding.Finding, []finding.Notice, error) {
	var fs_ []finding.Finding
	var ns []finding.Notice
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel := relSlash(root, path)
			if cfg.PathAllowed(rel) {
				return nil
			}
			content, err := os.ReadFile(path)
			if err != nil {
				ns = append(ns, finding.Notice{File: rel, Kind: "unreadable", Message: err.Error(), Error: true})
				return nil
			}
			f, n := scanFile(ctx, cfg, rel, content)
			fs_ = append(fs_, f...)
			ns = append(ns, n...)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	finding.Sort(fs_)
	return fs_, ns, nil
}

// runInterimScan is the stand-in scan command: text or json output,
// --fail-on, and the flags of scan_git.go.
func runInterimScan(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "scan", "[flags] [paths]")
	format := fs.String("format", "text", "output format: text or json")
	configFile := fs.String("config", "", "configuration file (default: .secretlint.yaml in the scan root)")
	output := fs.String("output", "", "write the report to `file` instead of stdout")
	failOn := finding.SeverityInfo
	fs.Var(&failOn, "fail-on", "exit 1 only for findings at or above this severity (info, low, medium, high, critical)")
	var g gateFlags
	g.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("scan: unknown --format %q (this interim scan writes text or json)", *format)
	}
	paths := fs.Args()
	if err := g.validate(paths); err != nil {
		return err
	}
	res, err := runGates(ctx, e, &g, paths, *configFile, detectFile, interimScanTree)
	if err != nil {
		return err
	}
	if *output != "" {
		var buf bytes.Buffer
		if err := writeInterim(&buf, *format, res); err != nil {
			return err
		}
		if err := writeFileAtomic(*output, buf.Bytes()); err != nil {
			return err
		}
	} else if err := writeInterim(e.stdout, *format, res); err != nil {
		return err
	}
	g.footer(e, res)
	for _, n := range res.Notices {
		if n.Error {
			return &exitError{code: ExitError, err: errors.New("")}
		}
	}
	for i := range res.Findings {
		if res.Findings[i].Severity >= failOn {
			return errFindings
		}
	}
	return nil
}

func writeInterim(w io.Writer, format string, res *gateResult) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		fs := res.Findings
		if fs == nil {
			fs = []finding.Finding{}
		}
		return enc.Encode(struct {
			Findings []finding.Finding `json:"findings"`
			Notices  []finding.Notice  `json:"notices,omitempty"`
			Stale    []staleEntry      `json:"stale,omitempty"`
		}{fs, res.Notices, res.Stale})
	}
	for i := range res.Findings {
		fmt.Fprintln(w, textLine(&res.Findings[i]))
	}
	for _, n := range res.Notices {
		fmt.Fprintf(w, "%s: %s: %s\n", n.File, n.Kind, n.Message)
	}
	return nil
}

// textLine formats one finding for the text output: location, rule,
// redacted preview and, for history findings, the commit.
func textLine(f *finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s [%s] %s", f.File, f.Line, f.Column, f.RuleID, f.Severity, f.Description)
	if p := f.Preview(); p != "" {
		fmt.Fprintf(&b, " (%s)", p)
	}
	if f.Commit != "" {
		fmt.Fprintf(&b, "\n\t%s", f.Message)
	}
	return b.String()
}
