package main

import (
	"strings"

	"github.com/secretlint-go/secretlint/report"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

// noRepoConfigUsage documents --no-repo-config. A pull request is judged
// by the rules of the repository it changes; with this flag, the files it
// could add or edit to blind the scan (.secretlint.yaml, .gitleaks.toml,
// .secretlintignore, .gitignore, .gitleaksignore) are not read, and only
// --config (a file from a trusted checkout) and the built-in rules apply.
const noRepoConfigUsage = "read no configuration from the scanned repository: no .secretlint.yaml, .gitleaks.toml, .secretlintignore, .gitignore or .gitleaksignore; only --config and the built-in rules (for CI jobs on pull requests)"

// configSources lists what could leave findings out of a scan, with what
// each did (report.Report.Sources): the configuration file, the
// repository's .gitleaks.toml, the ignore files and inline directives.
// Built-in allowlists (lock files, vendored modules) are not listed.
func configSources(cfg *rules.Config, res *scan.Result) []report.Source {
	skipped := map[string]int{}
	for _, n := range res.Skipped {
		skipped[n.Kind]++
	}
	var out []report.Source
	if cfg != nil && cfg.Path != "" {
		out = append(out, report.Source{File: cfg.Path, Kind: "config", Suppressed: cfg.AllowSuppressed(), SkippedFiles: skipped["allow.paths"]})
	}
	if cfg != nil && cfg.GitleaksPath != "" {
		out = append(out, report.Source{File: cfg.GitleaksPath, Kind: "gitleaks", SkippedFiles: skipped["allowlisted"]})
	}
	if len(res.IgnoreFiles) > 0 {
		out = append(out, report.Source{File: strings.Join(res.IgnoreFiles, ", "), Kind: "ignore", SkippedFiles: skipped["ignored"]})
	}
	if res.Suppressed > 0 {
		out = append(out, report.Source{File: "secretlint:ignore comments", Kind: "directives", Suppressed: res.Suppressed})
	}
	return out
}
