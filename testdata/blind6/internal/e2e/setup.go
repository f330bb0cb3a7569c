//go:build e2e

// Package e2e drives the staging API end to end. Every file here carries the
// e2e build tag: go test -tags e2e ./internal/e2e/
package e2e

import (
	"net/http"
	"os"
	"time"
)

const baseURL = "https://api.staging.brightloop.io"

// staging service account, role e2e-runner
var serviceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGguc3RhZ2luZy5icmlnaHRsb29wLmlvIiwic3ViIjoic3ZjOmUyZS1ydW5uZXIiLCJhdWQiOiJodWItYXBpIiwiaWF0IjoxNzMwNDE5MjAwLCJyb2xlIjoiYWRtaW4ifQ.bsvnmt3RDzIaD4MKZb84L5omnOZwUEoaU7XCqem9ZeM"

type authTransport struct{ token string }

func (a authTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+a.token)
	return http.DefaultTransport.RoundTrip(r)
}

func client() *http.Client {
	tok := os.Getenv("E2E_TOKEN")
	if tok == "" {
		tok = serviceToken
	}
	return &http.Client{Timeout: 20 * time.Second, Transport: authTransport{token: tok}}
}
