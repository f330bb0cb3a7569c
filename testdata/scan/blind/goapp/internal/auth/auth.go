package auth

import (
	"crypto/hmac"
	"crypto/sha256"

	"github.com/golang-jwt/jwt/v5"
)

const jwtSecret = "0e1dV3QKPc9D1FxIqCrKVrs6vqqLkNhn5Dq3IIiO"
const DefaultPassword = "changeme"
const tokenPlaceholder = "<your-token>"
const jwtKeyPath = "/etc/app/secrets/jwt.key"
const SessionCookieName = "session_token"
const tokenType = "Bearer"

func Sign(claims jwt.MapClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	return t.SignedString([]byte(jwtSecret))
}

func SignRefresh(claims jwt.MapClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	return t.SignedString([]byte("refresh-signing-key-v2-prod"))
}

func MAC(msg []byte) []byte {
	m := hmac.New(sha256.New, []byte("webhook-hmac-Kq93LmZx0pTs"))
	m.Write(msg)
	return m.Sum(nil)
}

func CheckMaster(password string) bool {
	return password == "letmein123"
}

func Names() []string {
	return []string{DefaultPassword, tokenPlaceholder, jwtKeyPath, SessionCookieName, tokenType}
}
