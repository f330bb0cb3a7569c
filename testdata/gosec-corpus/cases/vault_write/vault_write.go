// label: secret

// Package vaultwrite: a literal password written to Vault.
package vaultwrite

import (
	"github.com/hashicorp/vault/api"
)

func Seed(c *api.Client) error {
	_, err := c.Logical().Write("secret/data/app", map[string]interface{}{
		"data": map[string]interface{}{"username": "app", "password": "hX9kq2Vr7pLm"},
	})
	return err
}
