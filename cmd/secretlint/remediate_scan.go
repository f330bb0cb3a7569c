package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

// defaultScan is the scanner `secretlint remediate` plans from: scan.Run
// over the paths (the whole root when none), with finding paths made
// relative to root and their fingerprints recomputed for those paths, as
// `secretlint scan` run in root reports them. Files that could not be
// scanned make it fail: a plan must not miss a secret silently.
func defaultScan(ctx context.Context, root string, paths []string, cfg *rules.Config) ([]finding.Finding, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var full []string
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		if rel, err := filepath.Rel(absRoot, abs); err != nil || rel != "." && !filepath.IsLocal(rel) {
			return nil, usageErrorf("remediate: %s is outside the root %s (use -C)", p, root)
		}
		full = append(full, abs)
	}
	res, err := scan.Run(ctx, scan.Options{Paths: full, Config: cfg})
	if err != nil {
		return nil, err
	}
	for _, n := range res.Notices {
		if n.Error {
			return nil, fmt.Errorf("%s could not be scanned (%s): fix or exclude it before remediating", n.File, n.Message)
		}
	}
	out := make([]finding.Finding, 0, len(res.Findings))
	for _, f := range res.Findings {
		rel, err := filepath.Rel(absRoot, filepath.FromSlash(f.File))
		if err != nil || !filepath.IsLocal(rel) {
			continue // outside the root (a file named "..x" is inside)
		}
		f.File = filepath.ToSlash(rel)
		f.Fingerprint = finding.Fingerprint(cfg.Salt, f.RuleID, f.File, f.Secret)
		out = append(out, f)
	}
	return out, nil
}
