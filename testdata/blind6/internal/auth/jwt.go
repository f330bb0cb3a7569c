// Package auth issues and checks the session tokens of the mobile app.
package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	issuer   = "https://auth.brightloop.io"
	keyID    = "hub-2024-10-hs256"
	audience = "hub-api"
)

var signingKey = []byte("wS35NmBpNOmuWQl5q2WXBmysqO1XakUeBkEsJx1fhscbvhG0IwMhzPfBx0JzZoFA")

// Issue returns a session token for the user.
func Issue(userID string, ttl time.Duration) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": issuer,
		"aud": audience,
		"sub": userID,
		"exp": time.Now().Add(ttl).Unix(),
	})
	tok.Header["kid"] = keyID
	return tok.SignedString(signingKey)
}

// Verify parses and checks a session token.
func Verify(raw string) (*jwt.Token, error) {
	t, err := jwt.Parse(raw, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 {
			return nil, errors.New("unexpected signing method")
		}
		return signingKey, nil
	}, jwt.WithIssuer(issuer), jwt.WithAudience(audience))
	if err != nil {
		return nil, err
	}
	return t, nil
}
