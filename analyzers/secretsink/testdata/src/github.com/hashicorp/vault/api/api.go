// Package api is a stub of Vault's API client for tests.
package api

type Client struct{}

func (c *Client) SetToken(v string) {}

func (c *Client) Logical() *Logical { return &Logical{} }

type Logical struct{}

type Secret struct{}

func (c *Logical) Write(path string, data map[string]interface{}) (*Secret, error) { return nil, nil }
