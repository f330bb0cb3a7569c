package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/secretlint-go/secretlint/rules"
)

// modulePath names this project, so that a user with the npm package of
// the same name on PATH can tell which one ran.
const modulePath = "github.com/secretlint-go/secretlint"

// version returns the module version from the build information.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "devel-" + s.Value[:12]
			}
		}
	}
	return "devel"
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	n := len(rules.All())
	fmt.Fprintf(e.stdout, "secretlint %s (%s, %s)\n", version(), modulePath, runtime.Version())
	fmt.Fprintf(e.stdout, "Go secret linter and remediator; not the npm package \"secretlint\".\n")
	fmt.Fprintf(e.stdout, "rules: %d (gitleaks %s default rules and %d of its own)\n", n, rules.GitleaksVersion, len(rules.Builtin()))
	return nil
}
