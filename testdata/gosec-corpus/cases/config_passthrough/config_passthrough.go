// label: clean

// Package configpassthrough: a secret field filled from configuration.
package configpassthrough

import (
	"golang.org/x/oauth2"
)

type Settings struct{ OAuthSecret string }

func Conf(s Settings) oauth2.Config {
	return oauth2.Config{ClientID: "app", ClientSecret: s.OAuthSecret}
}
