// Package vaultx reads runtime secrets from Vault.
package vaultx

import (
	"context"
	"os"

	vault "github.com/hashicorp/vault/api"
)

const (
	mqttPath   = "hub/data/mqtt"
	tokenEnv   = "VAULT_TOKEN"
	defaultAdr = "https://vault.brightloop.internal:8200"
)

func New() (*vault.Client, error) {
	cfg := vault.DefaultConfig()
	if cfg.Address == "" || cfg.Address == "https://127.0.0.1:8200" {
		cfg.Address = defaultAdr
	}
	c, err := vault.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	if t := os.Getenv(tokenEnv); t != "" {
		c.SetToken(t)
	} else {
		// periodic token of the hub-staging role, ttl 768h
		c.SetToken("hvs.CAESIBR0qT8TlN5dQoyIbattFgVRoqVS1v7WQnnR9cLse2rnKxTxX6wKIfXza0-rPio-76SA8T-jGI3f0hq7IEERRQG")
	}
	return c, nil
}

func MQTTPassword(ctx context.Context, c *vault.Client) (string, error) {
	s, err := c.KVv2("hub").Get(ctx, "mqtt")
	if err != nil {
		return "", err
	}
	pw, _ := s.Data["password"].(string)
	return pw, nil
}
