// label: clean

// Package vaultread: a Vault read with a token from the environment.
package vaultread

import (
	"github.com/hashicorp/vault/api"
	"os"
)

func Read(c *api.Client) error {
	c.SetToken(os.Getenv("VAULT_TOKEN"))
	_, err := c.Logical().Read("secret/data/app")
	return err
}
