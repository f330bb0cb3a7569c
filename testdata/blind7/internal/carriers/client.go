// Package carriers talks to the carriers' tracking and booking APIs.
package carriers

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Client is a thin HTTP client with per-carrier authentication.
type Client struct {
	base   string
	user   string
	secret string
	token  string
	http   *http.Client
}

// NewBasic returns a client that authenticates with HTTP basic auth.
func NewBasic(base, user, secret string) *Client {
	return &Client{base: base, user: user, secret: secret, http: &http.Client{Timeout: 20 * time.Second}}
}

// NewBearer returns a client that sends a static bearer token.
func NewBearer(base, token string) *Client {
	return &Client{base: base, token: token, http: &http.Client{Timeout: 20 * time.Second}}
}

func (c *Client) do(ctx context.Context, method, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	} else {
		req.SetBasicAuth(c.user, c.secret)
	}
	return c.http.Do(req)
}

// Track asks the carrier where a shipment is.
func (c *Client) Track(ctx context.Context, ref string) (*http.Response, error) {
	return c.do(ctx, http.MethodGet, fmt.Sprintf("/v2/shipments/%s/events", ref))
}
