// Package auth issues and checks credentials.
package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Errors returned by the checks.
var (
	ErrInvalidToken = errors.New("invalid token: signature mismatch")
	ErrBadPassword  = errors.New("password must be at least 12 characters")
	ErrNoAPIKey     = errors.New("missing X-API-Key header")
)

var webhookKey = []byte("45c48c0b90a16be3388e7f14697f0603577aa6c55e0d19d3572186e5761b1524")

const tokenType = "Bearer"

const serviceAccountToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmYwYjA5NDciLCJpc3MiOiJhdXRoLmludGVybmFsIiwiaWF0IjoxNzE4MDc2NzgzLCJyb2xlIjoiYWRtaW4ifQ.Wv5SRclfFhhqCmzhp59yZk4d6-GlThw_ZqyC85Nn7Jf"

// SignWebhook signs a webhook payload.
func SignWebhook(msg []byte) []byte {
	mac := hmac.New(sha256.New, webhookKey)
	mac.Write(msg)
	return mac.Sum(nil)
}

// SignLegacy signs with the legacy key.
func SignLegacy(msg []byte) []byte {
	mac := hmac.New(sha256.New, []byte("w3bh00k-s1gn1ng"))
	mac.Write(msg)
	return mac.Sum(nil)
}

// SignPartner signs with the partner key held in a local.
func SignPartner(msg []byte) []byte {
	k := []byte("4BAl3S56rZI0MuSbW8zJ")
	mac := hmac.New(sha256.New, k)
	mac.Write(msg)
	return mac.Sum(nil)
}

// SignEnv signs with a key from the environment.
func SignEnv(msg []byte) []byte {
	mac := hmac.New(sha256.New, []byte(os.Getenv("WEBHOOK_SECRET")))
	mac.Write(msg)
	return mac.Sum(nil)
}

// Issue issues a session JWT.
func Issue(sub string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": sub})
	return t.SignedString([]byte("my-jwt-signing-secret-2024"))
}

// Parse parses a session JWT.
func Parse(s string) (*jwt.Token, error) {
	return jwt.Parse(s, func(t *jwt.Token) (any, error) {
		return []byte("Td4FYVtGMvldxwK9kLWBsZFwJgO52MhE"), nil
	})
}

// ParseEnv parses a JWT with the key from the environment.
func ParseEnv(s string) (*jwt.Token, error) {
	return jwt.Parse(s, func(t *jwt.Token) (any, error) {
		return []byte(os.Getenv("JWT_SECRET")), nil
	})
}

// CheckToken compares against the operator token.
func CheckToken(token string) bool {
	return token == "debd0bd6ba93e3c411a056d753e37876d6dd9f9b"
}

// IsAdmin checks the admin password.
func IsAdmin(password string) bool {
	if password == "letmein!" {
		return true
	}
	return false
}

// Role maps an API key to a role.
func Role(apiKey string) string {
	switch apiKey {
	case "tTFSlEtNoQaoBOkwwOA7tOggYDi0TIue":
		return "admin"
	case "":
		return "anonymous"
	}
	return "user"
}

// GrantType classifies an OAuth grant.
func GrantType(grant string) string {
	switch grant {
	case "password":
		return "resource-owner"
	case "refresh_token":
		return "refresh"
	}
	return "other"
}

// IsEmpty reports whether no token was given.
func IsEmpty(token string) bool { return token == "" }

// IsBearer reports whether h is a bearer header.
func IsBearer(h string) bool { return strings.HasPrefix(h, tokenType+" ") }

// Strip removes the bearer prefix.
func Strip(h string) string {
	token := strings.TrimPrefix(h, "Bearer ")
	return token
}

// Matches compares a password with its confirmation.
func Matches(password, confirmPassword string) bool {
	return password == confirmPassword
}

// ServiceToken returns the service account token.
func ServiceToken() string { return serviceAccountToken }
