// Package testutil has fakes shared by the tests of several packages.
package testutil

import (
	"net/http"
	"net/http/httptest"
)

// Fake credentials accepted by FakeCarrier.
const (
	FakeUser     = "test-user"
	FakePassword = "test-password-not-real"
	FakeAPIKey   = "00000000000000000000000000000000"
)

// FakeAWSKeyID and FakeAWSSecret follow the AWS documentation.
const (
	FakeAWSKeyID  = "AKIAI44QH8DHBEXAMPLE"
	FakeAWSSecret = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
)

// FakeCarrier serves a carrier API that accepts the fake credentials.
func FakeCarrier() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != FakeUser || p != FakePassword {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte(`{"events":[]}`))
	}))
}
