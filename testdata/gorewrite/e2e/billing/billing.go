// Package billing calls a payment API: its secrets take the shapes
// remediate rewrites (a []byte key, a constant in a concatenation, a
// literal passed with another argument, a struct field).
package billing

import (
	"context"
	"net/http"
)

var signingKey = []byte("Hq3vN8xLr2Tz7WpK5mYc9Bd4")

const apiToken = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc0123456789"

// SigningKey returns the key, for the hash check.
func SigningKey() string { return string(signingKey) }

// Request builds a request with a bearer token.
func Request(ctx context.Context, url string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+apiToken)
	return req, nil
}

// AdminRequest builds a request with basic authentication.
func AdminRequest(ctx context.Context, url string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth("billing-admin", "Vb7mQ2xKp9Lr4Tz8Wn3Y")
	return req, nil
}

// DBConfig is where the billing database is.
type DBConfig struct {
	User, Password string
}

// Config returns the database configuration.
func Config() DBConfig {
	return DBConfig{User: "billing", Password: "Rt6wK1pZs8Qm3Xv5Ln9H"}
}

// UserAgent needs no secret.
func UserAgent() string { return "billing/1.0" }
