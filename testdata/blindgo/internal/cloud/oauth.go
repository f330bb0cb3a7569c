package cloud

import (
	"context"
	"net/http"
	"os"

	"golang.org/x/oauth2"
)

var githubOAuth = &oauth2.Config{
	ClientID:     "Iv1.8a61f9b3a7aba766",
	ClientSecret: "e23cc47c3ee38ae14e8496f2facd5ab3b46f9dda",
	Endpoint: oauth2.Endpoint{
		AuthURL:  "https://github.com/login/oauth/authorize",
		TokenURL: "https://github.com/login/oauth/access_token",
	},
	Scopes: []string{"repo", "read:org"},
}

// GitHubOAuth returns the GitHub app OAuth config.
func GitHubOAuth() *oauth2.Config { return githubOAuth }

// EnvOAuth reads the OAuth client from the environment.
func EnvOAuth() *oauth2.Config {
	return &oauth2.Config{ClientID: os.Getenv("OAUTH_CLIENT_ID"), ClientSecret: os.Getenv("OAUTH_CLIENT_SECRET")}
}

// StaticClient returns a client with a fixed access token.
func StaticClient(ctx context.Context) *http.Client {
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "gho_tWRdiyJabdWBvxlleT9YzO7FWhQ6O51PyiOx", TokenType: "Bearer"})
	return oauth2.NewClient(ctx, src)
}

// RefreshClient builds a client from a refresh token.
func RefreshClient(ctx context.Context) *http.Client {
	tok := &oauth2.Token{RefreshToken: "j_22nRe40JZ-bYZ_w65no5VB180ACFa0qn6dQj-QKhCHD4--"}
	return githubOAuth.Client(ctx, tok)
}
