package main

import (
	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

// EnvGoRuntimeDir names a local checkout of secretlint that rewritten Go
// modules use as the runtime module (a replace directive) instead of the
// published version of this build: for tests and unpublished builds.
const EnvGoRuntimeDir = "SECRETLINT_GO_RUNTIME_DIR"

// goEngine is the Go rewriter remediate plans and applies with.
func goEngine(e *env) *gorewrite.Engine {
	g := &gorewrite.Engine{}
	if e.getenv != nil {
		g.Module.Replace = e.getenv(EnvGoRuntimeDir)
	}
	return g
}
