package main

import (
	"context"
	"path/filepath"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

// defaultScan is the scanner `secretlint remediate` plans from: scan.Run
// over paths (relative to root; root itself when none), with each
// finding's File made relative to root.
func defaultScan(ctx context.Context, root string, paths []string, cfg *rules.Config) ([]finding.Finding, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	var abs []string
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(absRoot, p)
		}
		abs = append(abs, p)
	}
	if len(abs) == 0 {
		abs = []string{absRoot}
	}
	res, err := scan.Run(ctx, scan.Options{Paths: abs, Config: cfg})
	if err != nil {
		return nil, err
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		p := filepath.FromSlash(f.File)
		if !filepath.IsAbs(p) {
			p, _ = filepath.Abs(p)
		}
		if rel, err := filepath.Rel(absRoot, p); err == nil {
			f.File = filepath.ToSlash(rel)
		}
	}
	return res.Findings, nil
}
