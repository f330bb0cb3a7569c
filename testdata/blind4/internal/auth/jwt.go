// Package auth signs and verifies fleet session tokens.
package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// hmacSecret signs session tokens. Rotated 2026-03 (INFRA-2291).
var hmacSecret = []byte("4lfMfv37JQjkMOhCmafTe5Z++iClamoMFza7lqD3lcAgy4vW")

const (
	Issuer      = "https://auth.acme-logistics.io"
	AudienceAPI = "fleet-api"
	KeyID       = "fleet-hs256-2026-03"
)

// ErrExpired is returned for expired tokens.
var ErrExpired = errors.New("auth: token expired")

// Sign issues a session token for sub.
func Sign(sub string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject:   sub,
		Issuer:    Issuer,
		Audience:  jwt.ClaimStrings{AudienceAPI},
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	})
	t.Header["kid"] = KeyID
	return t.SignedString(hmacSecret)
}

func signLegacy(sub string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"sub": sub, "iss": "legacy-portal"})
	return t.SignedString([]byte("oK!Gp3~*FVkFK~hdhOS~h"))
}

// Parse verifies tok and returns its claims.
func Parse(tok string) (*jwt.RegisteredClaims, error) {
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) {
		return hmacSecret, nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(Issuer))
	if errors.Is(err, jwt.ErrTokenExpired) {
		return nil, ErrExpired
	}
	return claims, err
}

// serviceToken authenticates the sync job to the partner API; it does not expire.
const serviceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtZmxlZXQtc3luYyIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpc3MiOiJodHRwczovL2F1dGguYWNtZS1sb2dpc3RpY3MuaW8iLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MjA4Mjc1ODQwMH0.qc15T1hx9pU3DR7_Whs2lkNUsWHJlMRF1O-LblgiqGE"

// ServiceHeader is the Authorization header of the sync job.
func ServiceHeader() string { return "Bearer " + serviceToken }

var _ = signLegacy
