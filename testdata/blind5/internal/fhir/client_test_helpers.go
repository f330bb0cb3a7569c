package fhir

import (
	"net/http"
	"net/http/httptest"
)

// Test helpers shared by this package's tests and the fhirtest harness.
// The credentials below are only checked by the fake server.
const (
	testUser     = "fhir-test-user"
	testPassword = "fake-fhir-password"
)

// NewFakeServer starts a FHIR server that accepts only the test credentials.
func NewFakeServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != testUser || p != testPassword {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/fhir+json")
		w.Write([]byte(`{"resourceType":"Bundle","type":"searchset","total":0}`))
	}))
}

// NewFakeClient returns a client for a fake server.
func NewFakeClient(s *httptest.Server) *Client {
	return New(s.URL, testUser, testPassword)
}
