package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/secretlint-go/secretlint/baseline"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/atomicfile"
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
		return res.Findings, res.Notices, nil
	}
)

func runBaseline(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "baseline", "[flags] [paths]")
	output := fs.String("o", "", "write the baseline to `file` (atomically) instead of stdout")
	configFile := fs.String("config", "", "configuration file (default: .secretlint.yaml in the current directory)")
	quiet := fs.Bool("quiet", false, "print no summary on stderr")
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
	for _, n := range res.Notices {
		if n.Error {
			fmt.Fprintf(e.stderr, "secretlint: %s: %s: %s\n", n.File, n.Kind, n.Message)
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

// writeFileAtomic writes data to name (mode 0644) so that a reader sees
// the old content or the new, never a part.
func writeFileAtomic(name string, data []byte) error {
	return atomicfile.Write(name, data, 0o644)
}
