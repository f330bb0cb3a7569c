package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/secretlint-go/secretlint/finding"
)

// Rule describes one kind of finding. Provider rules come from gitleaks'
// configuration; the rest are this project's own, each built by a
// constructor that carries true- and false-positive samples which go test
// validates against the rule's Check.
type Rule struct {
	// ID is the kebab-case identifier (gitleaks style), used as the
	// analyzer Diagnostic.Category, the SARIF ruleId and in suppressions.
	ID string
	// Title is a short lowercase phrase used in messages
	// ("hardcoded credential").
	Title string
	// Description is one sentence for reports and `secretlint rules`.
	Description string
	// Severity is the default severity.
	Severity finding.Severity
	// Help explains why it matters, how to fix it and how to suppress it
	// (markdown; `secretlint explain`, SARIF help).
	Help string
	// Source is "secretlint" or "gitleaks".
	Source string
	// Scope says where the rule applies: "go", "yaml", "dbt", "text", or
	// "any".
	Scope string
	// NonDefault rules are off unless enabled in the configuration.
	NonDefault bool
	// Provider rules of this project's own recognise a provider's key
	// format (aws-secret-access-key): like gitleaks' rules, they are
	// reported in test code (QuietInTests).
	Provider bool

	// Check, when set, decides on one name/value candidate; the scanners
	// and analyzers call it with what they extracted.
	Check func(Candidate) Verdict `json:"-"`
	// TruePositives and FalsePositives are validated by go test.
	TruePositives  []Sample `json:"-"`
	FalsePositives []Sample `json:"-"`
}

// Candidate is one name/value pair offered to a rule's Check.
type Candidate struct {
	// Name is the identifier, key or field the value is assigned to; may
	// be empty.
	Name string
	// Value is the literal value (decoded: the string, not its quoting).
	Value string
}

// Verdict is a rule's decision on a candidate.
type Verdict struct {
	Match bool
	// Reason says why not (or which term matched); never the value.
	Reason string
	// Start, End are the span of the secret inside Value when it is only a
	// part of it (the password inside a URL, a reference's default); zero
	// means the whole value.
	Start, End int
	// Severity overrides the rule's default for this match when non-zero
	// (a documented example key, default credentials on localhost).
	Severity finding.Severity
}

// Sample is a rule test case.
type Sample struct {
	Name, Value string
	// Why explains a false positive ("placeholder", "names the variable").
	Why string
}

// Finding builds a finding for this rule; callers fill the location.
func (r *Rule) Finding(message string, secret finding.Secret) finding.Finding {
	return finding.Finding{
		RuleID:      r.ID,
		Description: r.Description,
		Message:     message,
		Severity:    r.Severity,
		Secret:      secret,
	}
}

var (
	registryOnce sync.Once
	registry     map[string]*Rule
	ordered      []*Rule
)

// Builtin returns this project's own rules (not gitleaks'), sorted by ID.
func Builtin() []*Rule {
	return []*Rule{
		HardcodedCredential(),
		URLCredentials(),
		CredentialSink(),
		JWTSigningKey(),
		AWSExampleKey(),
		AWSSecretAccessKey(),
		DiscordWebhookURL(),
		WebhookSigningSecret(),
		FCMServerKey(),
		LaunchDarklySDKKey(),
		HoneycombAPIKey(),
		AuthHeaderCredential(),
		AWSSessionToken(),
		EnvDefaultSecret(),
		CLIPassword(),
		KubernetesSecretData(),
		CloudFormationSecretString(),
		DBTHardcodedSecret(),
		DBTEnvVarDefault(),
		DBTEnvVarNotSecret(),
		DBTPackageToken(),
		SuppressionUnused(),
		SuppressionInvalid(),
	}
}

func loadRegistry() {
	registry = map[string]*Rule{}
	for _, r := range Builtin() {
		registry[r.ID] = r
		ordered = append(ordered, r)
	}
	if set, err := defaultLazy(); err == nil {
		for id, gr := range set.cfg.Rules {
			if _, dup := registry[id]; dup {
				continue
			}
			r := gitleaksRule(id, gr.Description)
			registry[id] = r
			ordered = append(ordered, r)
		}
	}
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].ID < ordered[j].ID })
}

// All returns every known rule (own and gitleaks default), sorted by ID.
func All() []*Rule {
	registryOnce.Do(loadRegistry)
	return slices.Clone(ordered)
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (*Rule, bool) {
	registryOnce.Do(loadRegistry)
	r, ok := registry[id]
	return r, ok
}

// ProviderRule describes a gitleaks-format rule that is not in the default
// set (a user's .gitleaks.toml rule).
func ProviderRule(id, description string) *Rule {
	if r, ok := Lookup(id); ok {
		return r
	}
	r := gitleaksRule(id, description)
	r.Source = "gitleaks-config"
	r.Help = strings.Replace(r.Help, fmt.Sprintf("This rule comes from gitleaks %s's default rule set", GitleaksVersion),
		"This rule comes from the repository's .gitleaks.toml", 1)
	return r
}

func gitleaksRule(id, description string) *Rule {
	sev := finding.SeverityHigh
	switch {
	case id == "generic-api-key":
		sev = finding.SeverityMedium
	case id == "private-key", strings.HasPrefix(id, "aws-"), strings.HasPrefix(id, "gcp-"), strings.HasPrefix(id, "github-"), strings.HasPrefix(id, "gitlab-"):
		sev = finding.SeverityCritical
	}
	title := strings.ReplaceAll(id, "-", " ")
	return &Rule{
		ID:          id,
		Title:       title,
		Description: description,
		Severity:    sev,
		Source:      "gitleaks",
		Scope:       "any",
		Help: fmt.Sprintf(`%s

This rule comes from gitleaks %s's default rule set: the value matches the
format of the provider's credential.

Fix: revoke and rotate the credential (it is in the repository's history),
then read it at run time from a secret store or the environment. `+
			"`secretlint remediate`"+` moves YAML and dbt values into AWS Secrets
Manager or Vault and rewrites the file to reference them.

Suppress a false positive with `+"`# secretlint:ignore %s <reason>`"+` (or
`+"`//secretlint:ignore`"+` in Go) on the line or the line above, or with
`+"`gitleaks:allow`"+` on the line.`, description, GitleaksVersion, id),
	}
}
