// label: secret

// Package oauth2clientsecret: a literal oauth2 client secret.
package oauth2clientsecret

import (
	"golang.org/x/oauth2"
)

var Conf = oauth2.Config{ClientID: "app", ClientSecret: "Zq9_8vLm2-kXw7pQ3rT6yU1i"}
