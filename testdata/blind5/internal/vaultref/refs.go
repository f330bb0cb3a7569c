// Package vaultref resolves secret references of the form vault:PATH#KEY.
package vaultref

import (
	"fmt"
	"strings"
)

// Known references used in the Helm values. These are paths, not secrets.
var Known = []string{
	"vault:secret/data/booking/db#password",
	"vault:secret/data/booking/stripe#secret_key",
	"awssm:arn:aws:secretsmanager:eu-west-1:381492776015:secret:booking/twilio-AbCdEf",
	"gcpsm:projects/medora-prod/secrets/booking-sendgrid/versions/latest",
}

// Parse splits a reference.
func Parse(ref string) (path, key string, err error) {
	rest, ok := strings.CutPrefix(ref, "vault:")
	if !ok {
		return "", "", fmt.Errorf("vaultref: %q is not a vault reference", ref)
	}
	path, key, ok = strings.Cut(rest, "#")
	if !ok {
		return "", "", fmt.Errorf("vaultref: %q has no key", ref)
	}
	return path, key, nil
}

// TokenFile is where the agent sidecar writes the token.
const TokenFile = "/vault/secrets/token"

// Example shows the expected format in errors: vault:secret/data/app#password
const Example = "vault:secret/data/app#password"
