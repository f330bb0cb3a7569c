package lookalikes

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"text/template"
)

// More names and values that look like credentials.
const (
	csrfHeader        = "X-CSRF-Token"
	stripeVersion     = "2023-10-16"
	jwtKeyID          = "kid-2024-01"
	passwordResetTTL  = "15m"
	tokenCacheKey     = "user:%d:token"
	sessionKeyPrefix  = "sess:"
	secretVersionID   = "2641b0e8-12e9-4776-a205-1ccb9b2baee4"
	apiKeyHeaderName  = "X-Goog-Api-Key"
	tokenTypeJWT      = "urn:ietf:params:oauth:token-type:jwt"
	signingMethod     = "HS256"
	passwordChars     = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*"
	tokenAlphabet     = "0123456789abcdefghijklmnopqrstuvwxyz"
	exampleToken      = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	passwordKey       = "database.password"
	adminPasswordHash = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
)

var profileTmpl = template.Must(template.New("p").Parse("password: {{ .Password }}\ntoken: {{ .Token }}\n"))

// Anonymous authenticates with an empty password.
func Anonymous(req *http.Request, user string) {
	req.SetBasicAuth(user, "")
}

// WithToken sets a bearer token given by the caller.
func WithToken(req *http.Request, tok string) {
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set(csrfHeader, tok)
	req.Header.Set("Stripe-Version", stripeVersion)
}

// ClearEnv removes credentials from the environment of child processes.
func ClearEnv() error {
	if err := os.Setenv("AWS_SECRET_ACCESS_KEY", ""); err != nil {
		return err
	}
	return os.Setenv("GIT_ASKPASS", "/bin/echo")
}

// ValidToken rejects values a browser sends for a missing token.
func ValidToken(token string) bool {
	return token != "null" && token != "undefined" && token != ""
}

// Masked reports whether a form echoed back the mask.
func Masked(password string) bool {
	return password == maskedPassword
}

// Sign signs with a caller-supplied key.
func Sign(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// UserURL builds a URL with caller-supplied credentials.
func UserURL(u, p string) *url.URL {
	return &url.URL{Scheme: "https", Host: "example.com", User: url.UserPassword(u, p)}
}

// SecretJSON renders a generated password for Secrets Manager.
func SecretJSON(generated string) string {
	return fmt.Sprintf(`{"password":%q}`, generated)
}

// MoreAll keeps everything referenced.
func MoreAll() []any {
	return []any{jwtKeyID, passwordResetTTL, tokenCacheKey, sessionKeyPrefix, secretVersionID, apiKeyHeaderName,
		tokenTypeJWT, signingMethod, passwordChars, tokenAlphabet, exampleToken, passwordKey, adminPasswordHash, profileTmpl}
}
