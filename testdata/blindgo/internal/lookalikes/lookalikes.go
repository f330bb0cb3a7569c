// Package lookalikes is full of strings that mention secrets without being one.
package lookalikes

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"regexp"
)

// Header and field names.
const (
	HeaderAuthorization = "Authorization"
	HeaderAPIKey        = "X-API-Key"
	passwordField       = "password"
	tokenField          = "access_token"
	grantType           = "client_credentials"
)

// Policies and names that merely mention secrets.
const (
	passwordPolicy   = "at least 12 characters, one digit and one symbol"
	secretName       = "db-credentials"
	tokenizerModel   = "cl100k_base"
	passwordHashAlgo = "argon2id"
	tokenEndpoint    = "https://oauth2.googleapis.com/token"
	tokenPath        = "/var/run/secrets/kubernetes.io/serviceaccount/token"
	keyFile          = "/etc/ssl/private/server.key"
	vaultPath        = "secret/data/payments/api"
	secretRef        = "ref+vault://secret/data/app#password"
	envRef           = "${DB_PASSWORD}"
)

// Placeholders found in examples and defaults.
const (
	PasswordPlaceholder = "changeme"
	apiKeyPlaceholder   = "<your-api-key>"
	TokenPlaceholder    = "YOUR_API_KEY"
	maskedSecret        = "xxxxxxxxxxxxxxxx"
	redactedToken       = "REDACTED"
	maskedPassword      = "********"
	defaultPassword     = ""
	exampleKeyID        = "AKIAIOSFODNN7EXAMPLE"
	exampleSecretKey    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// Identifiers, digests and public material.
const (
	requestID         = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
	tenantID          = "eb488c6d-aa9b-4fcd-ace2-818f26ff6bff"
	checksum          = "3b78b54cc432eec611250ad7e543f29762d3040506d979e347bf0b7c1e762944"
	gitCommit         = "17c1ba43b0121915daa6ceee78ed7dad899c592f"
	emptySHA256       = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	integrity         = "sha512-5M53BsOqcReBM10CEzSaGC4lddbxUMy9v+iLQ8GPQl2d27nb8yuN8GHr8JhtKZe3H3AIIBvsdZDfCqO8lqGa6Q=="
	goSum             = "h1:PkUkTmt3rSnz9kGSJESH358Mq8/VT6hm8H2i/1i819k="
	hostKeyFP         = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"
	deployPublicKey   = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDV54O2pynXRX0q0FfxOg3HwZppOExp8YMP1eCjkiw5e deploy@example.com"
	stripePublishable = "pk_live_fkjKcssytZZ6pgfRfnwOo0Te"
	googleClientID    = "1234567890-k3j5h2g1f0d9s8a7p6o5i4u3y2t1r0e9.apps.googleusercontent.com"
	jwkModulus        = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	logoPNG           = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

// Patterns and formats.
var (
	emailRe    = regexp.MustCompile(`^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`)
	passwordRe = regexp.MustCompile(`^[A-Za-z\d@$!%*?&]{12,64}$`)
	tokenRe    = regexp.MustCompile(`ghp_[0-9a-zA-Z]{36}`)
	awsKeyRe   = regexp.MustCompile(`(AKIA|ASIA)[A-Z2-7]{16}`)
)

const (
	dsnFormat        = "postgres://%s:%s@%s:%d/%s?sslmode=%s"
	authHeaderFormat = "Bearer %s"
	basicURLFormat   = "https://%s:%s@%s"
)

// CredentialKind is the kind of a stored credential.
type CredentialKind string

// Kinds of credentials.
const (
	KindPassword CredentialKind = "password"
	KindToken    CredentialKind = "bearer-token"
	KindSSHKey   CredentialKind = "ssh-key"
)

// PasswordPolicy describes password requirements.
type PasswordPolicy struct {
	MinLength     int
	RequireSymbol bool
	Description   string
}

var passwordPolicyObj = PasswordPolicy{MinLength: 12, RequireSymbol: true, Description: passwordPolicy}

// Tokenizer splits text into tokens.
type Tokenizer struct{ Model string }

func newTokenizer(model string) *Tokenizer { return &Tokenizer{Model: model} }

var tokenizer = newTokenizer("whitespace")

// Config is a tiny viper-like config.
type Config map[string]string

// GetString returns a config value.
func (c Config) GetString(key string) string { return c[key] }

var (
	errNoToken     = errors.New("no token provided; set GITHUB_TOKEN")
	errBadPassword = errors.New("invalid username or password")
	errAPIKey      = fmt.Errorf("api key rejected by %s: %w", "stripe", errNoToken)
)

// Flags registers the command-line flags.
func Flags(fs *flag.FlagSet) (*string, *string, *string) {
	pw := fs.String("password", "", "database password (or set DB_PASSWORD)")
	key := fs.String("api-key", os.Getenv("API_KEY"), "API key for the service")
	tf := fs.String("token-file", "/etc/app/token", "path to the token file")
	return pw, key, tf
}

// Handle reads credentials from a request and logs about them.
func Handle(w http.ResponseWriter, r *http.Request, c Config) {
	password := r.FormValue("password")
	apiKey := r.Header.Get("X-API-Key")
	dbPassword := c.GetString("database.password")
	secret := os.Getenv("APP_SECRET")
	token, ok := os.LookupEnv("GITHUB_TOKEN")
	if !ok {
		log.Println("token expired or missing, refreshing")
	}
	log.Printf("password reset requested for user %s", r.FormValue("user"))
	slog.Info("rotated secret", "secretName", secretName, "vaultPath", vaultPath)
	authHeader := fmt.Sprintf(authHeaderFormat, token)
	w.Header().Set(HeaderAuthorization, authHeader)
	if password == "" || apiKey == "" || dbPassword == "" || secret == "" {
		http.Error(w, "missing password or api key", http.StatusUnauthorized)
		return
	}
	creds := map[string]string{passwordField: password, tokenField: token}
	creds["password"] = fmt.Sprintf("%x", len(password))
	_ = creds
}

// All keeps everything referenced.
func All() []any {
	return []any{passwordPolicy, tokenizerModel, passwordHashAlgo, tokenEndpoint, tokenPath, keyFile, secretRef, envRef,
		PasswordPlaceholder, apiKeyPlaceholder, TokenPlaceholder, maskedSecret, redactedToken, maskedPassword, defaultPassword,
		exampleKeyID, exampleSecretKey, requestID, tenantID, checksum, gitCommit, emptySHA256, integrity, goSum, hostKeyFP,
		deployPublicKey, stripePublishable, googleClientID, jwkModulus, logoPNG, emailRe, passwordRe, tokenRe, awsKeyRe,
		dsnFormat, basicURLFormat, grantType, passwordPolicyObj, tokenizer, errBadPassword, errAPIKey}
}
