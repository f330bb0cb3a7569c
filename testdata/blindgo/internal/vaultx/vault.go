// Package vaultx reads and writes secrets in Vault.
package vaultx

import (
	"os"

	"github.com/hashicorp/vault/api"
)

const kvPath = "secret/data/app/db"

// Bootstrap writes the initial database credentials.
func Bootstrap() error {
	c, err := api.NewClient(api.DefaultConfig())
	if err != nil {
		return err
	}
	c.SetToken("hvs.mg7srxirfu19Ac-kKd2Lq1D595WXjjOt6v3rzKE4RNo88yLVvlwEpgnR74KLO10yZ2ChVIHNaQzlMKYdILjCZO4uEHr")
	_, err = c.Logical().Write(kvPath, map[string]interface{}{
		"data": map[string]interface{}{
			"username": "app",
			"password": "V4ult-Stored-Pw!",
		},
	})
	return err
}

// Legacy uses an old-style service token.
func Legacy() (*api.Client, error) {
	c, err := api.NewClient(api.DefaultConfig())
	if err != nil {
		return nil, err
	}
	c.SetToken("s.rSlI9bHtNWaENHxeliZ9yfNu")
	return c, nil
}

// FromEnv uses the token from the environment.
func FromEnv() (string, error) {
	c, err := api.NewClient(api.DefaultConfig())
	if err != nil {
		return "", err
	}
	c.SetToken(os.Getenv("VAULT_TOKEN"))
	s, err := c.Logical().Read(kvPath)
	if err != nil || s == nil {
		return "", err
	}
	pw, _ := s.Data["password"].(string)
	return pw, nil
}

// Rotate writes a generated password.
func Rotate(c *api.Client, generated string) error {
	_, err := c.Logical().Write(kvPath, map[string]interface{}{
		"data": map[string]interface{}{"password": generated},
	})
	return err
}
