// label: secret

// Package bytejwtkey: a []byte literal in a variable used as a JWT signing key.
package bytejwtkey

import (
	"github.com/golang-jwt/jwt/v5"
)

func Sign() (string, error) {
	k := []byte("Zq9vLm2kXw7pR4tY6uI3")
	return jwt.New().SignedString(k)
}
