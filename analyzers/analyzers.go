// Package analyzers lists secretlint's go/analysis analyzers, for the
// secretlint command (go vet -vettool and secretlint vet) and for other
// drivers (a golangci-lint plugin, gopls, multichecker).
//
// The analyzers are:
//
//   - secretsink: literal credentials that reach a credential API,
//     resolved through go/types (credential-sink, url-credentials,
//     jwt-signing-key).
//   - secretliteral: hardcoded secrets in string constants: provider key
//     formats, secret-named places, credentials in URLs, literal defaults
//     of variable references (gitleaks rule ids, hardcoded-credential,
//     url-credentials, env-default-secret), and the suppression
//     directives (invalid-suppression, unused-suppression).
//
// secretliteral requires secretsink and reads its result, so that a
// literal reaching a sink is reported once. Each diagnostic's Category is
// its rule id. The analyzers are pure: they read nothing but the package
// they are given, write nothing and print nothing. They import no cloud
// SDK.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/secretlint-go/secretlint/analyzers/secretliteral"
	"github.com/secretlint-go/secretlint/analyzers/secretsink"
	"github.com/secretlint-go/secretlint/rules"
)

// All is the suite with the default configuration, loaded when an analyzer
// first runs.
var All = New(nil)

// New returns the suite for a configuration (nil means the defaults).
// Every analyzer in it shares cfg; secretliteral requires the listed
// secretsink instance, so a driver runs each once per package.
func New(cfg *rules.Config) []*analysis.Analyzer {
	sink := secretsink.New(cfg)
	return []*analysis.Analyzer{sink, secretliteral.NewWithSink(cfg, sink)}
}
