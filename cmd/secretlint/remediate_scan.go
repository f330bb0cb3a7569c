package main

import (
	"context"
	"errors"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// defaultScan is the scanner `secretlint remediate` plans from. It is the
// scan package's Run once that package is merged (scan.Run(ctx,
// scan.Options{Paths: paths, Config: cfg}) relative to root, returning its
// findings); until then a build of this branch can apply and roll back
// plans (--plan-in, --resume, --rollback) but not make them.
func defaultScan(ctx context.Context, root string, paths []string, cfg *rules.Config) ([]finding.Finding, error) {
	return nil, errors.New("this build has no scanner wired into remediate yet; use --plan-in with a plan made by a build that has one")
}
