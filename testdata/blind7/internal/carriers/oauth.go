package carriers

import (
	"context"
	"net/http"

	"golang.org/x/oauth2/clientcredentials"
)

// parcelOAuth is the OAuth client of the parcel partner's Track API.
var parcelOAuth = clientcredentials.Config{
	ClientID:     "l7a1c2e9b4d04f6f8e2a1b3c5d7e9f00",
	ClientSecret: "ddb1d4c871161aa58dbd10c402405308",
	TokenURL:     "https://apis.parcelpartner.com/oauth/token",
	Scopes:       []string{"track", "ship"},
}

// ParcelHTTP returns an http.Client that adds the partner's access token.
func ParcelHTTP(ctx context.Context) *http.Client {
	return parcelOAuth.Client(ctx)
}

// sandboxOAuth is the partner's public sandbox; the secret is printed in
// their developer portal for everyone.
var sandboxOAuth = clientcredentials.Config{
	ClientID:     "sandbox-client",
	ClientSecret: "sandbox-secret",
	TokenURL:     "https://sandbox.parcelpartner.com/oauth/token",
}

// SandboxHTTP is used by the onboarding wizard's "try it" button.
func SandboxHTTP(ctx context.Context) *http.Client { return sandboxOAuth.Client(ctx) }
