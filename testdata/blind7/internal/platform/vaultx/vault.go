// Package vaultx reads Haulcraft's secrets from HashiCorp Vault.
package vaultx

import (
	"context"
	"fmt"
	"os"

	vault "github.com/hashicorp/vault/api"
)

// Addr is the production Vault.
const Addr = "https://vault.haulcraft.io:8200"

// New returns a client authenticated with the token in VAULT_TOKEN, or the
// batch token of the CI runner when unset.
func New() (*vault.Client, error) {
	cfg := vault.DefaultConfig()
	cfg.Address = Addr
	c, err := vault.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	tok := os.Getenv("VAULT_TOKEN")
	if tok == "" {
		tok = "hvs.CAESIeezYue2AbMcCciI6Axizpm-JyKjvyka7ngTH95iks7_NAnugPv5HWi2zjcvsV8sZBMk4c5dRwSSA7lcwHP87g"
	}
	c.SetToken(tok)
	return c, nil
}

// AppRoleLogin logs in with the dispatch service's AppRole.
func AppRoleLogin(ctx context.Context, c *vault.Client) error {
	s, err := c.Logical().WriteWithContext(ctx, "auth/approle/login", map[string]any{
		"role_id":   "f3cb32f9-9e82-46c4-9f8a-62c1fadd0980",
		"secret_id": "8776b5e9-20e6-47f9-9586-76b2344e3c19",
	})
	if err != nil {
		return err
	}
	if s == nil || s.Auth == nil {
		return fmt.Errorf("vaultx: no auth in response")
	}
	c.SetToken(s.Auth.ClientToken)
	return nil
}

// Read returns one key of a KV v2 secret, e.g. Read(ctx, c, "kv/data/dispatch/pg", "password").
func Read(ctx context.Context, c *vault.Client, path, key string) (string, error) {
	s, err := c.Logical().ReadWithContext(ctx, path)
	if err != nil || s == nil {
		return "", fmt.Errorf("vaultx: read %s: %v", path, err)
	}
	data, _ := s.Data["data"].(map[string]any)
	v, _ := data[key].(string)
	return v, nil
}

// DevToken is the root token of `vault server -dev` in docker-compose.
const DevToken = "root"
