package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/secretlint-go/secretlint/rules"
)

// ruleInfo is one row of `secretlint rules --format json`.
type ruleInfo struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Severity    string `json:"severity"`
	Source      string `json:"source"`
	Scope       string `json:"scope"`
	Default     bool   `json:"default"`
	Description string `json:"description"`
}

func runRules(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "rules", "[flags] [substring]")
	format := fs.String("format", "text", "output format: text (a table) or json")
	configFile := fs.String("config", "", "configuration file whose enable/disable/severity settings to apply (default: none, the built-in defaults)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("rules: unknown --format %q (want text or json)", *format)
	}
	if fs.NArg() > 1 {
		return usageErrorf("rules: at most one filter argument (a substring of the rule ID), got %d", fs.NArg())
	}
	filter := strings.ToLower(fs.Arg(0))
	cfg, err := rules.DefaultConfig()
	if *configFile != "" {
		cfg, err = rules.LoadConfig(".", *configFile)
	}
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	var rows []ruleInfo
	for _, r := range rules.All() {
		if filter != "" && !strings.Contains(r.ID, filter) {
			continue
		}
		rows = append(rows, ruleInfo{
			ID: r.ID, Title: r.Title, Severity: cfg.Severity(r.ID).String(), Source: r.Source, Scope: r.Scope,
			Default: cfg.RuleEnabled(r.ID), Description: oneLine(r.Description),
		})
	}
	if *format == "json" {
		if rows == nil {
			rows = []ruleInfo{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSOURCE\tDESCRIPTION")
	off := 0
	for _, r := range rows {
		id := r.ID
		if !r.Default {
			id += " (off)"
			off++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id, r.Severity, r.Source, r.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d rules", len(rows))
	if off > 0 {
		fmt.Fprintf(e.stdout, ", %d off by default (enable them under rules.enable in .secretlint.yaml)", off)
	}
	fmt.Fprintln(e.stdout, `. "secretlint explain RULE" tells what a rule finds and how to fix or suppress it.`)
	return nil
}

// oneLine collapses whitespace so a description fits a table row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
