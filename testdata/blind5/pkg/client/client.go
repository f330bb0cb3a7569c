// Package client is the public Go SDK for the Medora booking API.
//
// Create a client with your API key from the dashboard:
//
//	c := client.New("mdr_live_YOUR_API_KEY")
//	c := client.New(os.Getenv("MEDORA_API_KEY"))
//
// Test keys start with mdr_test_ and only reach the sandbox.
package client

import (
	"errors"
	"net/http"
	"strings"
)

// Client calls the booking API.
type Client struct {
	apiKey string
	base   string
}

// New returns a client for the production API.
func New(apiKey string) *Client {
	return &Client{apiKey: apiKey, base: "https://api.medora-care.net/v2"}
}

// ErrBadKey is returned for keys of the wrong shape.
var ErrBadKey = errors.New("client: API key must start with mdr_live_ or mdr_test_")

// Do sends a request with the key.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(c.apiKey, "mdr_live_") && !strings.HasPrefix(c.apiKey, "mdr_test_") {
		return nil, ErrBadKey
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	return http.DefaultClient.Do(req)
}

// Sandbox is a client for the public sandbox with its published demo key.
func Sandbox() *Client {
	return &Client{apiKey: "mdr_test_sandbox_public_demo", base: "https://sandbox.medora-care.net/v2"}
}
