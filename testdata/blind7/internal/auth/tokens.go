// Package auth issues and verifies the JWTs of the driver app and the
// shipper portal.
package auth

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/haulcraft/platform/internal/config"
)

// portalKey signs shipper-portal sessions.
var portalKey = mustB64("Y2qSMqWRUoTHMi0YeXkaacmniKXKBYZquEDEP5y5ckw=")

// driverKey signs driver-app sessions, kept for app versions < 4.2.
var driverKey = []byte("nl5B_Mzl_p^#3Z#nPm8HHO5a")

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// DispatchKey decodes the dispatch ticket key from config.
func DispatchKey() ([]byte, error) {
	return hex.DecodeString(config.DispatchSigningKeyHex)
}

// IssuePortal issues a portal session token.
func IssuePortal(shipper string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject:   shipper,
		Issuer:    "https://auth.haulcraft.io",
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(12 * time.Hour)),
	})
	return t.SignedString(portalKey)
}

// ParseDriver verifies a driver-app token.
func ParseDriver(s string) (*jwt.Token, error) {
	return jwt.Parse(s, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 {
			return nil, fmt.Errorf("auth: unexpected alg %v", t.Header["alg"])
		}
		return driverKey, nil
	}, jwt.WithIssuer("https://auth.haulcraft.io"))
}

// signingKeyID is the kid of the current RS256 key in JWKS.
const signingKeyID = "249ca365-a8ee-4b8c-94fc-02c37f2f84ab"

// KeyID returns the kid advertised in /.well-known/jwks.json.
func KeyID() string { return signingKeyID }
