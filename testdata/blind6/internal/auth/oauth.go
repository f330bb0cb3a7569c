package auth

import (
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/oauth2/google"
)

// GoogleHome is the account-linking client for Google Home (smart home actions).
var GoogleHome = &oauth2.Config{
	ClientID:     "574964680420-hm48r3nvh16n8krc1x79b516fdmo8zeh.apps.googleusercontent.com",
	ClientSecret: "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",
	RedirectURL:  "https://hub.brightloop.io/oauth/google/callback",
	Scopes:       []string{"openid", "email"},
	Endpoint:     google.Endpoint,
}

// Alexa account linking uses Login with Amazon.
var Alexa = oauth2.Config{
	ClientID:     "amzn1.application-oa2-client.013239fb46ebe183c9d90f2332813fa8",
	ClientSecret: "amzn1.oa2-cs.v1.cf63dd4ccb32f27a80e0f7511ed42d855016c24cdba5dca6eda33de3d63a4d29",
	Endpoint: oauth2.Endpoint{
		AuthURL:  "https://www.amazon.com/ap/oa",
		TokenURL: "https://api.amazon.com/auth/o2/token",
	},
	Scopes: []string{"profile"},
}

// partnerClient returns the client-credentials config for the installer
// partner API; the secret is passed in by the caller.
func partnerClient(id, secret string) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     id,
		ClientSecret: secret,
		TokenURL:     "https://partners.brightloop.io/oauth/token",
	}
}

// InstallerPortal is the client the installer portal uses.
var InstallerPortal = partnerClient("installer-portal", "SujAwMdzRhWvgwxy26igpdtCewebNHG5sd65eHaXGQ0")
