// Package fhir reads practitioner schedules from the hospital FHIR servers.
package fhir

import (
	"net/http"
	"time"
)

// Client is a FHIR R4 client with basic authentication.
type Client struct {
	Base     string
	user     string
	password string
	http     *http.Client
}

// New returns a client; the password is sent with every request.
func New(base, user, password string) *Client {
	return &Client{Base: base, user: user, password: password, http: &http.Client{Timeout: 20 * time.Second}}
}

// Get fetches a FHIR resource.
func (c *Client) Get(path string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.user, c.password)
	req.Header.Set("Accept", "application/fhir+json")
	return c.http.Do(req)
}

// StThomas is the FHIR endpoint of St Thomas' outpatients.
func StThomas() *Client {
	return New("https://fhir.stthomas-outpatients.example.org/r4", "medora-sync", "CtrvUz_h0JrDBgju33zu7S")
}
