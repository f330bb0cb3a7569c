// Package testutil has helpers shared by the package tests: an HTTPS server
// with a throwaway certificate, fixture devices, clocks.
package testutil

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// localhostCert and localhostKey are a self-signed pair for 127.0.0.1, made
// with `go run $(go env GOROOT)/src/crypto/tls/generate_cert.go`.
var localhostCert = []byte(`-----BEGIN CERTIFICATE-----
MIIBvDCCAWOgAwIBAgIUcNTGRLmizvkTHLzCDEJWWfAX49UwCgYIKoZIzj0EAwIw
JjEQMA4GA1UECgwHQWNtZSBDbzESMBAGA1UEAwwJMTI3LjAuMC4xMB4XDTI2MTIw
NjE4NDkzNloXDTM2MTIwMzE4NDkzNlowJjEQMA4GA1UECgwHQWNtZSBDbzESMBAG
A1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEVJ/w2x+N
Icm3cuDnnWKL7yL3vNgSDZB6IUUrZa1QBuRtHH3ozea9KKa4p8Vgf+/6jaAW9Q4a
ydemVNNaJO0Z7KNvMG0wHQYDVR0OBBYEFC9R3oUtFkj1252UlfVa4UURo3btMB8G
A1UdIwQYMBaAFC9R3oUtFkj1252UlfVa4UURo3btMA8GA1UdEwEB/wQFMAMBAf8w
GgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0cAMEQCIAOU
uRXgZZon6v2fiL30TZd4zqN+fdDln6obG9XMPlCtAiAd1cJlDWjaj3Yo/7wIYBL+
XxsHs2gYt+1dFwHjV11bYA==
-----END CERTIFICATE-----`)

var localhostKey = []byte(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpTKMHHSLmlyEofP8
U+bx4a2vKbK7w3fhJuHSYXUWsYWhRANCAARUn/DbH40hybdy4OedYovvIve82BIN
kHohRStlrVAG5G0cfejN5r0oprinxWB/7/qNoBb1DhrJ16ZU01ok7Rns
-----END PRIVATE KEY-----`)

// NewTLSServer starts an HTTPS test server.
func NewTLSServer(h http.Handler) *httptest.Server {
	cert, err := tls.X509KeyPair(localhostCert, localhostKey)
	if err != nil {
		panic(err)
	}
	s := httptest.NewUnstartedServer(h)
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.StartTLS()
	return s
}

// FakeDevice is a device record for tests.
type FakeDevice struct {
	Serial, Token string
}

var Thermostat = FakeDevice{Serial: "BL-TH3-TEST01", Token: "fake-device-token-0001"}

// StubCredentials satisfies aws.CredentialsProvider for tests that talk to
// the S3 fake in this package.
type StubCredentials struct{}

func (StubCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET", SessionToken: "SESSION", Source: "stub"}, nil
}
