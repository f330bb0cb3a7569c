// label: secret

// Package vaulttoken: a literal Vault token.
package vaulttoken

import (
	"github.com/hashicorp/vault/api"
)

func Use(c *api.Client) {
	c.SetToken("hvs.CAESIJk2vQ9xLm1pZ8wR4tY6uI3o")
}
