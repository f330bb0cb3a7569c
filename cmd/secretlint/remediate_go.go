package main

import (
	"github.com/secretlint-go/secretlint/remediate/gorewrite"
)

// goEngine is the Go rewriter remediate plans and applies with. Only an
// apply may download the runtime modules (into a temporary copy of go.mod
// that the plan then lists); a dry run works from the module cache alone.
// eager keeps reading package-level secrets at start-up (--go-eager).
func goEngine(online, eager bool) *gorewrite.Engine {
	g := &gorewrite.Engine{Module: gorewrite.Module{Online: online}}
	g.EagerPackageVars = eager
	return g
}
