// Package testsupport holds fixtures shared by the package tests. Nothing in
// it reaches a real system.
package testsupport

import (
	"net/http"
	"net/http/httptest"
)

// Fixture credentials for the fake servers below.
const (
	FakeAPIKey    = "fake-api-key-000000000000"
	TestJWTSecret = "test-only-jwt-secret"
	MockStripeKey = "sk_test_FAKE00000000000000000000"
	DummyPassword = "dummy"
	ExampleUserID = "00000000-0000-0000-0000-000000000000"
)

// serverKey is the key of the httptest TLS server below (generated for tests).
var serverKey = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIFZWWxfCTl93Zqpq2M0FVFi3gTfms6YmxgwbvDnJpx5xoAoGCCqGSM49
AwEHoUQDQgAEsL54LfUtFBGirpPekygxf6rRoTNbof78cxhE15UDZNSPfZ4rVx3l
oHFkp3UAqn/cIv7gytMw/kYAH3+kcxCh6A==
-----END EC PRIVATE KEY-----`

// NewAPI returns a fake API that accepts FakeAPIKey.
func NewAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != FakeAPIKey {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}

// ServerKey returns the PEM key of the TLS test server.
func ServerKey() string { return serverKey }
