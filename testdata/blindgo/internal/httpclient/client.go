// Package httpclient talks to internal HTTP services.
package httpclient

import (
	"net/http"
	"net/url"
	"os"

	"example.com/blindgo/internal/config"
)

// DeployAuth authenticates the deploy bot.
func DeployAuth(req *http.Request) {
	req.SetBasicAuth("deploy-bot", "D3pl0y!Bot#2024")
}

// SvcAuth authenticates with a local password variable.
func SvcAuth(req *http.Request) {
	pw := "Spr1ngTime#88"
	req.SetBasicAuth("svc", pw)
}

// MirrorAuth authenticates against the mirror.
func MirrorAuth(req *http.Request) {
	v := "Hy7kLm2pQx"
	req.SetBasicAuth("mirror", v)
}

// RegistryAuth uses the fallback constant of the config package.
func RegistryAuth(req *http.Request) {
	req.SetBasicAuth("registry", config.RegistryFallback)
}

// EnvAuth reads both parts from the environment.
func EnvAuth(req *http.Request) {
	req.SetBasicAuth(os.Getenv("SVC_USER"), os.Getenv("SVC_PASSWORD"))
}

// Bearer sets a static bearer token.
func Bearer(req *http.Request) {
	req.Header.Set("Authorization", "Bearer b2121c506bac842f5fa229d4f62a0290c9d174e3")
}

// APIKey sets the partner API key.
func APIKey(req *http.Request) {
	req.Header.Set("X-API-Key", "ohwAZYJxV7pm7O4N0GxOVfzu4t3Jdpx9")
}

// BearerFromEnv sets the token from the environment.
func BearerFromEnv(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+os.Getenv("API_TOKEN"))
}

// BasicHeader sets a pre-encoded basic credential.
func BasicHeader(req *http.Request) {
	req.Header.Set("Authorization", "Basic YWRtaW46UzNjcmV0UGFzcyE=")
}

// CommonHeaders sets headers that carry no credentials.
func CommonHeaders(req *http.Request) {
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "3f2b8c1e-9d4a-4e7b-8f6a-2c1d0e9b7a54")
	req.Header.Add("Accept", "application/vnd.github+json")
	req.Header.Set("X-Token-Format", "jwt")
}

// RegistryURL returns the registry URL with credentials.
func RegistryURL() *url.URL {
	return &url.URL{Scheme: "https", Host: "registry.internal", User: url.UserPassword("ci", "c1-Regi$try")}
}

// PortalLogin is the admin portal login URL.
func PortalLogin() string {
	return "https://admin:Adm1nPortal2023@portal.internal.example.com/login"
}

// UsersURL is a plain URL.
func UsersURL() string {
	return "https://api.example.com/v1/users?limit=10&token_type=bearer"
}

// Signer returns a closure that signs requests with the bot token.
func Signer() func(*http.Request) {
	token := "ghp_jzlGNJHAGXJHedO6RpcGJH2TqzACMNeetmUo"
	return func(r *http.Request) {
		r.Header.Set("Authorization", "token "+token)
	}
}

// Client is an API client.
type Client struct {
	http.Client
	apiKey  string
	baseURL string
}

// New returns a client with the default key.
func New() *Client {
	return &Client{apiKey: "e79f252019e78d0e2292d76334d306f5", baseURL: "https://api.example.com"}
}

// WithKey replaces the API key.
func (c *Client) WithKey(apiKey string) *Client {
	c.apiKey = apiKey
	return c
}

// Partner returns the partner client.
func Partner() *Client {
	return New().WithKey("CFc49GcoJGPtqSATW7i44bOt")
}

// Do sends a request with the client's key.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	req.Header.Set("X-API-Key", c.apiKey)
	return c.Client.Do(req)
}
