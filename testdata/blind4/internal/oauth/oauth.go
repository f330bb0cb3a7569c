// Package oauth holds the OAuth2 clients of the fleet portal.
package oauth

import (
	"context"
	"net/http"
	"os"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

var googleEndpoint = oauth2.Endpoint{
	AuthURL:  "https://accounts.google.com/o/oauth2/auth",
	TokenURL: "https://oauth2.googleapis.com/token",
}

// Login is the portal's "Sign in with Google" client.
var Login = &oauth2.Config{
	ClientID:     "797134834143-vlqkok584nts5xco9glvwyujl7llman2.apps.googleusercontent.com",
	ClientSecret: "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",
	RedirectURL:  "https://fleet.acme-logistics.io/oauth2/callback",
	Scopes:       []string{"openid", "email", "profile"},
	Endpoint:     googleEndpoint,
}

// SyncClient returns the machine client of the partner sync job.
func SyncClient(ctx context.Context) *http.Client {
	cc := clientcredentials.Config{
		ClientID:     "fleet-sync",
		ClientSecret: "rMTqSoA8wPDf8TgKA22ucaL71bJQLhAHVae1scYm",
		TokenURL:     "https://login.partner-freight.com/oauth2/v1/token",
		Scopes:       []string{"shipments.read"},
	}
	return cc.Client(ctx)
}

// ImportClient uses a token minted by an operator.
func ImportClient(ctx context.Context) *http.Client {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("IMPORT_ACCESS_TOKEN"), TokenType: "Bearer"})
	return oauth2.NewClient(ctx, ts)
}

// MirrorClient reads the GitHub org as the fleet-mirror OAuth app.
func MirrorClient(ctx context.Context) *http.Client {
	tok := &oauth2.Token{AccessToken: "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", TokenType: "token"}
	return oauth2.NewClient(ctx, oauth2.StaticTokenSource(tok))
}

// AuthCodeURL returns the login redirect; state is a random nonce.
func AuthCodeURL(state string) string {
	return Login.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("prompt", "consent"))
}
