package main

import (
	"flag"

	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/policy"
)

// policyFlags are remediate's least-privilege policy flags.
type policyFlags struct {
	scope      string
	vaultWrite bool
	noPolicies bool
}

func (p *policyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.scope, "policy-scope", policy.ScopeDir, "one read policy per `scope`: dir (each directory of rewritten files), file, or run; written under "+remediate.PolicyDir)
	fs.BoolVar(&p.vaultWrite, "vault-write-policies", false, "Vault: also write each policy to Vault (sys/policies/acl/NAME)")
	fs.BoolVar(&p.noPolicies, "no-policies", false, "do not write access policies")
}

// writer returns the policy writer for an apply (nil with --no-policies).
func (p *policyFlags) writer(root, kmsKeyID string) (remediate.PolicyWriter, error) {
	if p.noPolicies {
		return nil, nil
	}
	return policy.New(policy.Options{Scope: p.scope, KMSKeyID: kmsKeyID, Publish: p.vaultWrite, Root: root})
}
