// Package vaultenv configures a Vault client the way the Vault CLI does.
// The remediation store (remediate/vaultkv) and the runtime backend
// (secretref/vault) share it; it imports neither.
package vaultenv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/vault/api"
	"github.com/hashicorp/vault/api/cliconfig"
)

// ErrNoToken is returned by NewClient when no token is found anywhere.
var ErrNoToken = errors.New("no Vault token: set VAULT_TOKEN or run `vault login`")

// Options override the environment; empty fields fall back to it.
type Options struct {
	Address   string // overrides VAULT_ADDR
	Token     string // overrides VAULT_TOKEN and the token helper
	Namespace string // overrides VAULT_NAMESPACE (Vault Enterprise)
}

// NewClient returns a client configured from VAULT_ADDR and the other
// VAULT_* client variables (VAULT_CACERT, ...), VAULT_TOKEN, then the
// token helper configured in ~/.vault (by default the file ~/.vault-token
// that `vault login` writes), and VAULT_NAMESPACE, each overridden by opts.
// It fails with ErrNoToken when no token is found.
func NewClient(opts Options) (*api.Client, error) {
	cfg := api.DefaultConfig() // reads VAULT_ADDR, VAULT_CACERT, ...
	if cfg.Error != nil {
		return nil, fmt.Errorf("reading Vault client environment: %w", cfg.Error)
	}
	if opts.Address != "" {
		cfg.Address = opts.Address
	}
	client, err := api.NewClient(cfg) // reads VAULT_TOKEN and VAULT_NAMESPACE
	if err != nil {
		return nil, fmt.Errorf("creating Vault client: %w", err)
	}
	if opts.Token != "" {
		client.SetToken(opts.Token)
	}
	if client.Token() == "" {
		helper, err := cliconfig.DefaultTokenHelper()
		if err != nil {
			return nil, fmt.Errorf("loading the Vault token helper: %w", err)
		}
		tok, err := helper.Get()
		if err != nil {
			return nil, fmt.Errorf("reading the Vault token from its helper (%s): %w", helper.Path(), err)
		}
		client.SetToken(strings.TrimSpace(tok))
	}
	if client.Token() == "" {
		return nil, ErrNoToken
	}
	if opts.Namespace != "" {
		client.SetNamespace(opts.Namespace)
	}
	return client, nil
}
