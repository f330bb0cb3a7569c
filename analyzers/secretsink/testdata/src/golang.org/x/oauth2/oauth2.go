// Package oauth2 is a stub for tests.
package oauth2

type Config struct {
	ClientID     string
	ClientSecret string
	Scopes       []string
}
