// Package api is a stub of Vault's client for the corpus.
package api

type Client struct{}

func (c *Client) SetToken(v string) {}

func (c *Client) Logical() *Logical { return &Logical{} }

type Logical struct{}

type Secret struct{}

func (c *Logical) Write(path string, data map[string]interface{}) (*Secret, error) { return nil, nil }

func (c *Logical) Read(path string) (*Secret, error) { return nil, nil }
