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

// FactsOnly returns the suite for a driver's runs that keep only facts,
// such as go vet's runs on the dependencies of the packages it vets
// (unitchecker's VetxOnly mode): secretsink only computes the function
// summaries its importers read, and secretliteral, which has no facts,
// does nothing. The analyzers keep their names, so the same command-line
// flags apply, and secretliteral still requires secretsink, so that
// enabling either computes the summaries, as in the full suite.
//
// unitchecker alone would run the whole suite there: in VetxOnly mode it
// skips only the analyzers that neither have facts nor require one that
// has (golang.org/x/tools/go/analysis/unitchecker, issue 443099), and
// secretliteral requires secretsink.
func FactsOnly(cfg *rules.Config) []*analysis.Analyzer {
	sink := secretsink.FactsOnly(cfg)
	lit := secretliteral.Analyzer
	return []*analysis.Analyzer{sink, {
		Name:             lit.Name,
		Doc:              lit.Doc,
		URL:              lit.URL,
		Requires:         []*analysis.Analyzer{sink},
		RunDespiteErrors: true,
		Run:              func(*analysis.Pass) (any, error) { return nil, nil },
	}}
}
