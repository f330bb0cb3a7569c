// Package oauth2 is a stub for the corpus.
package oauth2

type Config struct {
	ClientID     string
	ClientSecret string
}
