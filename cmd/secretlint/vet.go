package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/secretlint-go/secretlint/analyzers"
	"github.com/secretlint-go/secretlint/rules"
)

// vetDiagnostic is one diagnostic of secretlint vet, as printed by
// -format json.
type vetDiagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Analyzer  string `json:"analyzer"`
	Message   string `json:"message"`
}

// vetLoadMode is what the analyzers need: syntax and types of the listed
// packages; dependencies come from export data (the analyzers use no
// facts).
const vetLoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax |
	packages.NeedTypesInfo | packages.NeedModule

func runVet(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "vet", "[-format text|json] [-config file] [packages]")
	format := fs.String("format", "text", "output `format`: text (file:line:col: message) or json")
	configFile := fs.String("config", "", "configuration `file` for every package (default: for each package, the nearest .secretlint.yaml or .gitleaks.toml from its directory up to its module root, as under go vet)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("vet: unknown -format %q (want text or json)", *format)
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	wd, err := os.Getwd()
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("vet: %w", err)}
	}
	var explicit *rules.Config
	if *configFile != "" {
		if explicit, err = rules.LoadConfig(filepath.Dir(*configFile), *configFile); err != nil {
			return &exitError{code: ExitError, err: err}
		}
	}
	diags, err := vetPackages(ctx, wd, explicit, patterns)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	if *format == "json" {
		if diags == nil {
			diags = []vetDiagnostic{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(diags); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("vet: writing json: %w", err)}
		}
	} else {
		for _, d := range diags {
			fmt.Fprintf(e.stdout, "%s:%d:%d: %s\n", d.File, d.Line, d.Column, d.Message)
		}
	}
	if len(diags) > 0 {
		return errFindings
	}
	return nil
}

// vetPackages loads the packages (with their tests) and runs the analyzers
// over them, returning the diagnostics sorted by file and position, each
// once. Each package is analysed under the configuration go vet would use
// for it (the nearest .secretlint.yaml or .gitleaks.toml from its
// directory up to its module root), unless explicit is set.
func vetPackages(ctx context.Context, wd string, explicit *rules.Config, patterns []string) ([]vetDiagnostic, error) {
	pkgs, err := packages.Load(&packages.Config{Context: ctx, Mode: vetLoadMode, Tests: true, Dir: wd}, patterns...)
	if err != nil {
		return nil, fmt.Errorf("vet: loading packages: %w", err)
	}
	if len(pkgs) == 0 {
		//nolint:staticcheck // ST1005: the message ends with the package pattern ./..., not punctuation
		return nil, fmt.Errorf("vet: no packages match %s; to check the module here, run: secretlint vet ./...", strings.Join(patterns, " "))
	}
	var loadErrs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.ListError {
				loadErrs = append(loadErrs, e.Error())
			}
		}
	}
	if len(loadErrs) > 0 {
		slices.Sort(loadErrs)
		return nil, fmt.Errorf("vet: %s", strings.Join(slices.Compact(loadErrs), "\n"))
	}
	// Group the packages by the configuration that applies to them.
	groups := map[string][]*packages.Package{}
	var dirs []string
	for _, p := range pkgs {
		d := ""
		if explicit == nil && len(p.GoFiles) > 0 {
			d = configDir(filepath.Dir(p.GoFiles[0]))
		}
		if _, ok := groups[d]; !ok {
			dirs = append(dirs, d)
		}
		groups[d] = append(groups[d], p)
	}
	seen := map[vetKey]bool{}
	var out []vetDiagnostic
	var errs []error
	for _, d := range dirs {
		cfg := explicit
		if d != "" {
			if cfg, err = rules.LoadConfig(d, ""); err != nil {
				return nil, err
			}
		}
		graph, err := checker.Analyze(analyzers.New(cfg), groups[d], nil)
		if err != nil {
			return nil, fmt.Errorf("vet: %w", err)
		}
		out, errs = collect(graph, cfg, wd, seen, out, errs)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(out, func(a, b vetDiagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
	})
	return out, nil
}

// collect appends the diagnostics of a graph's roots, each once (a file
// belongs to both p and p's test variant), and the analyzers' errors.
func collect(graph *checker.Graph, cfg *rules.Config, wd string, seen map[vetKey]bool, out []vetDiagnostic, errs []error) ([]vetDiagnostic, []error) {
	for act := range graph.All() {
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", act.Package.PkgPath, act.Analyzer.Name, act.Err))
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			k := vetKey{pos, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			end := act.Package.Fset.Position(d.End)
			sev := ""
			if cfg != nil {
				sev = cfg.Severity(d.Category).String()
			} else if r, ok := rules.Lookup(d.Category); ok {
				sev = r.Severity.String()
			} else {
				sev = "high"
			}
			out = append(out, vetDiagnostic{
				File: relPath(wd, pos.Filename), Line: pos.Line, Column: pos.Column,
				EndLine: end.Line, EndColumn: end.Column,
				Rule: d.Category, Severity: sev, Analyzer: act.Analyzer.Name, Message: d.Message,
			})
		}
	}
	return out, errs
}

type vetKey struct {
	pos     token.Position
	message string
}

// relPath shows a file relative to the working directory when it is
// under it.
func relPath(wd, name string) string {
	if rel, err := filepath.Rel(wd, name); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return name
}
