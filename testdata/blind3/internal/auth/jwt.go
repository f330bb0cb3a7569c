// Package auth issues and verifies service JWTs.
package auth

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type Issuer struct {
	key []byte
}

func NewIssuer(signingKey string) *Issuer {
	return &Issuer{key: []byte(signingKey)}
}

func (i *Issuer) Sign(subject string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": subject,
		"iss": "orders",
		"exp": time.Now().Add(15 * time.Minute).Unix(),
	})
	return t.SignedString(i.key)
}

// internalIssuer signs tokens for service-to-service calls.
var internalIssuer = NewIssuer("EjTpDVlAJ_wAmCGGzA-y_qa2jk6ence8bjAM4G2ZJwX")

func sign(claims jwt.MapClaims, secret string) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
}

// ServiceToken returns a token for the billing service.
func ServiceToken() (string, error) {
	return sign(jwt.MapClaims{"sub": "billing", "aud": "orders"}, "f8eebc2052752a8e84af8c4e16a82bebd4a7b7c603c085ba50ed05a08f7d7f5f")
}

// placeholderToken is used by the OpenAPI examples generator only.
func placeholderToken() (string, error) {
	return sign(jwt.MapClaims{"sub": "example"}, "TOKEN")
}

// Verify parses a token from the legacy admin UI.
func Verify(raw string) (*jwt.Token, error) {
	return jwt.Parse(raw, func(t *jwt.Token) (any, error) {
		return []byte("sCmaJGfXhIJiSRgbqvOEw1dZjByarhZe"), nil
	})
}
