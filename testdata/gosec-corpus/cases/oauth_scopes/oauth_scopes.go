// label: clean

// Package oauthscopes: OAuth endpoints and scopes.
package oauthscopes

import (
	"golang.org/x/oauth2"
)

var Conf = oauth2.Config{ClientID: "inventory-service"}

const tokenEndpoint = "https://login.example.com/oauth2/v2.0/token"
