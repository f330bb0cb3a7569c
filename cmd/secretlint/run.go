package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
)

// env is everything a command may touch of the process: its streams and
// environment. Commands never use os.Stdout, os.Exit or os.Getenv directly,
// so tests run them in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is the dispatch table; each command lives in its own file.
var commands map[string]command

func init() {
	commands = map[string]command{
		"version":   {summary: "print the version of this secretlint (module, build, rules)", run: runVersion},
		"help":      {summary: "show help for a command", run: runHelp},
		"scan":      {summary: "scan files and directories for hardcoded secrets", run: runScan},
		"vet":       {summary: "run the Go analyzers over packages (as go vet -vettool does)", run: runVet},
		"remediate": {summary: "move found secrets into AWS Secrets Manager or Vault and reference them", run: remediateCommand(defaultScan)},
		"exec":      {summary: "run a command with the secrets of an env map in its environment", run: runExec},
		"refs":      {summary: "check every secret reference in a tree against its store, and the policies", run: runRefs},
		// gates: git sources, baselines, hooks, rule docs.
		"baseline":     {summary: "print a baseline of current findings (salted fingerprints, no secrets)", run: runBaseline},
		"install-hook": {summary: "install a plain git pre-commit hook that runs secretlint scan --staged", run: runInstallHook},
		"rules":        {summary: "list the rules (id, severity, source, description)", run: runRules},
		"explain":      {summary: "explain a rule: what it finds, why, how to fix and suppress it", run: runExplain},
	}
}

// run parses the command line and runs a command; it returns the process
// exit code (see doc.go).
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return ExitError
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		usage(e.stdout)
		return ExitClean
	case "-V", "--version", "-version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "secretlint: unknown command %q\n\n", name)
		usage(e.stderr)
		return ExitError
	}
	return exitCode(e.stderr, cmd.run(ctx, e, rest))
}

// exitCode prints err once and maps it to an exit code.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return ExitClean
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitClean
	}
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, "secretlint: "+msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(stderr, "secretlint: "+err.Error())
	return ExitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `secretlint finds hardcoded secrets and moves them into a secret store.

Usage:
  secretlint <command> [flags] [arguments]
  go vet -vettool=$(which secretlint) ./...

Commands:`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, `
Run "secretlint help <command>" for a command's flags.
Exit codes: 0 clean, 1 findings, 2 usage or runtime error.`)
}

func runHelp(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		usage(e.stdout)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok || args[0] == "help" {
		return usageErrorf("help: unknown command %q", args[0])
	}
	return cmd.run(ctx, &env{stdin: e.stdin, stdout: e.stdout, stderr: e.stdout, getenv: e.getenv}, []string{"-h"})
}

// newFlagSet returns a flag set that reports to e.stderr and never exits.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: secretlint %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; a parse error is a usage error (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: ExitError, err: errors.New("")}
	}
	return nil
}
