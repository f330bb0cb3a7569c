// Package a holds positive and negative cases for secretliteral. Every
// secret here is random text in a provider's format, never a real key.
package a

import (
	"errors"
	"os"
)

// Provider formats, in any constant.

const githubToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `^github pat in string literal assigned to githubToken \(github-pat\)$`

var awsKey = "ASIAV5FGLAZXKR4BMDBT" // want `aws access token in string literal assigned to awsKey \(aws-access-token\)`

// Concatenation is folded by go/types.
const splitToken = "ghp_tYi5jGbIj0groLhn" + "zorSxMpCUEVtLkibEtSy" // want `github pat in constant expression assigned to splitToken \(github-pat\)`

// Named constants are folded too, and the whole is reported where they
// are joined.
const (
	slackPrefix = "xoxb-"
	slackRest   = "1849833545-6939271040570NsKBZWXv"
)

var slackToken = slackPrefix + slackRest // want `slack bot token in constant expression assigned to slackToken \(slack-bot-token\)`

// A provider key with no name at all.
func call() {
	use("AIzatmRj-dadPW0FMDYaerMoHMF6i23BF2RxvzN") // want `gcp api key in string literal passed as s to a.use \(gcp-api-key\)`
}

func use(s string) {}

// A constant used elsewhere is reported once, where it is declared.
func uses() {
	use(githubToken)
	use(githubToken + "")
}

// Secret-named places.

const dbPassword = "Tr0ub4dor&3-x9" // want `hardcoded credential in string literal assigned to dbPassword \(hardcoded-credential\)`

type Config struct {
	Host         string
	Password     string
	ClientSecret []byte
	APIKey       *string
}

var cfg = Config{
	Host:         "db.internal",
	Password:     "q8Lm2vXk9zPw",                          // want `hardcoded credential in string literal assigned to field Password \(hardcoded-credential\)`
	ClientSecret: []byte("Zq9_8vLm2-kXw7pQ3rT6yU1i"),      // want `assigned to field ClientSecret`
	APIKey:       ptr("4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"), // a local helper is not a known pointer helper
}

func ptr(s string) *string { return &s }

var headers = map[string]string{
	"Content-Type": "application/json",
	"X-Api-Key":    "Rk2vQ9xLm7pZ8wR4tY6u", // want `hardcoded credential in string literal stored under key X-Api-Key`
}

// A form (url.Values) holds one-element slices.
var form = map[string][]string{
	"client_secret": {"K1vpLWHAM03hY9QND6bpucz6M84vwOFt"}, // want `hardcoded credential in string literal stored under key client_secret`
	"scope":         {"Rk2vQ9xLm7pZ8wR4tY6u"},
	"api_key":       {"Rk2vQ9xLm7pZ8wR4tY6u", "Zq9_8vLm2-kXw7pQ3rT6yU1i"},
}

// Values that spell their name, or read as words, are labels.
const (
	configSecretKey = "config"
	CACertsSecret   = "cacerts"
	imagePullSecret = "secret1"
	accessToken     = "abcdefg1234567"
)

func assign(c *Config, m map[string]string) {
	c.Password = "pW9xK2mQ7v#a"             // want `assigned to c.Password \(hardcoded-credential\)`
	m["client_secret"] = "7sK2vQ9xLm1pZ8wR" // want `stored under key client_secret`
	token := "s3cr3t-signing-k3y-8842"      // want `assigned to token \(hardcoded-credential\)`
	_ = token
}

func connect(host, password string) {}

func calls() {
	connect("db.internal", "hX9#kq2!Vr7pLm4Zt") // want `hardcoded credential in string literal passed as password to a.connect`
}

func compare(password string) bool {
	return password == "Zt8kQ2vLm91x-Rk2v" // want `hardcoded credential in string literal compared with password`
}

// Constant propagation through variables is checked in propagation.go.

// URL and DSN credentials in any constant.

const dsn = "postgres://app:hX9kq2Vr7pLm@db.internal:5432/app" // want `password in url in string literal assigned to dsn \(url-credentials\)`

var mysqlDSN = "app:pW9xK2mQ7v@tcp(db.internal:3306)/orders" // want `password in mysql dsn in string literal`

var libpq = "host=db.internal user=app password=hX9kq2Vr7pLm dbname=x" // want `password in connection string in string literal`

// Variable defaults.

const envDSN = "${DB_PASSWORD:hX9kq2Vr7pLm}" // want `secret default of a variable reference in string literal assigned to envDSN \(env-default-secret\)`

// Negative cases: nothing below is reported.

const (
	PasswordEnvVar    = "DB_PASSWORD"
	TokenHeader       = "X-Auth-Token"
	passwordMinLength = 12
	secretName        = "db-credentials-7f9x2"
	passwordFile      = "/run/secrets/db_password"
	tokenURL          = "https://auth.example.com/oauth/token"
	placeholderPass   = "changeme"
	templatePassword  = "<password>"
	refPassword       = "${DB_PASSWORD}"
	emptyPassword     = ""
	passwordHash      = "5f4dcc3b5aa765d61d8327deb882cf99"
	requestID         = "3f8a1c2e-9b7d-4e6f-a1b2-c3d4e5f6a7b8"
	greetingToken     = "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzZWNyZXQ="
	awsExampleID      = "AKIAIOSFODNN7EXAMPLE"
	awsExampleSecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	localDSN          = "postgres://postgres:postgres@localhost:5432/test"
	refDSN            = "postgres://app:${DB_PASSWORD}@db:5432/app"
	portDefault       = "${PORT:8080}"
	xxxToken          = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
)

var ErrBadPassword = errors.New("invalid password supplied")

func env() {
	password := os.Getenv("DB_PASSWORD")
	apiKey, _ := os.LookupEnv("API_KEY")
	_, _ = password, apiKey
	var v string
	v = "first-value-x9Lm"
	v = "second-value-q8Zt"
	connect("db.internal", v) // assigned twice: not a single literal
}

// Text under a name that says what it does to a secret.
const updatePassword = "UPDATE users SET password = $1 WHERE id = $2"

// A value that spells its own name is an operation or key name.
const (
	callRenewAccessToken = "CallRenewAccessToken"
	sessionTokenKey      = "session_token_key"
)

// Values of a defined string type are enumeration values.
type SecretType string

const (
	SymmetricSecret  SecretType = "symmetric"
	PassphraseSecret SecretType = "passphrase"
)

// Unless the type itself says it holds a secret.
type Password string

const adminPassword Password = "hX9#kq2!Vr7pLm4Zt" // want `hardcoded credential in string literal assigned to adminPassword`

// A token made from jwt.io's example payload is documentation.
const docToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvIERvIiwiaWF0IjoxNTE2MjM5MDIyfQ.3vHobbOWINK-OYYG--FXUyUQQAwrarGs8S0eBfyJbM0"

// A field named only Pass is the password of a user/password pair.
var queueCreds = struct{ User, Pass string }{"reminders", "Vt7nQ2xLm9Rk4pWz"} // want `assigned to field Pass \(hardcoded-credential\)`

var queueLogin = struct{ User, Pass string }{User: "reminders", Pass: "Vt7nQ2xLm9Rk4pWz"} // want `assigned to field Pass \(hardcoded-credential\)`

// Without a user field, Pass is not a password's name.
var checkResult = struct{ Name, Pass string }{"lint", "Vt7nQ2xLm9Rk4pWz"}

// A map from logins to credentials holds passwords.
var stagingAccounts = map[string]string{
	"qa-reception@acme-care.net": "RyalI8~YFz6TcV0NrbNI3l", // want `stored under key qa-reception@acme-care.net \(hardcoded-credential\)`
	"qa-support@acme-care.net":   "Support Team",
}

func connectDB(host, user, password, db string) {}

// A local database's default password, or one that repeats the user, is
// no secret; a random one toward the same host is.
func connectLocal() {
	connectDB("localhost:5432", "postgres", "postgres", "booking")
	connectDB("db.internal:5432", "booking", "booking", "booking")
	connectDB("localhost:5432", "postgres", "Xk9#mP2vLq7Rw", "booking") // want `passed as password`
}

// Values that end in their constant's own words are keys, paths and
// labels named after it (real2: argo-cd, cilium, gitea).
const (
	CommandK8sAuth             = "argocd-k8s-auth"
	tplResetPassword           = "user/auth/reset_passwd"
	ConditionMissingAuthSecret = "acme.io/MissingAuthSecret"
	annotationPrefix           = "example.io"
	EncryptionKeyAnnotation    = annotationPrefix + "/encryption-key-annotation"
	generatedAuthSecret        = "x8Kq2LmZ9vR4-auth-secret" // want `hardcoded credential in string literal assigned to generatedAuthSecret`
	webhookToken               = "mysecret12345678"
	slackBotToken              = "xoxb-1234567890-1234567890123-q8Lm2vXk9zPwR4tN7aZ3cV5b"
)

// A provider rule keyed by a word of the name (telegram) matches a
// constant under that name, as scan matches it in the file's text.
const telegramBot = "5829163047:Au8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL" // want `telegram bot api token in string literal assigned to telegramBot \(telegram-bot-api-token\)`

const chatRelay = "5829163047:Au8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL"

// A password constant equal to its sibling user constant is a local
// default; a documented stand-in made of a stage word and the name's word
// is no secret.
const (
	DefaultPGUser     = "haulcraft"
	DefaultPGPassword = "haulcraft"
	OtherPGPassword   = "haulcraft" // want `assigned to OtherPGPassword \(hardcoded-credential\)`
)

var sandboxSecret = struct{ ClientID, ClientSecret string }{
	ClientID:     "sandbox-client",
	ClientSecret: "sandbox-secret",
}

// Vault AppRole: the secret_id is a UUID, the role_id its public half; a
// secret_id that is a path names a secret.
var approleLogin = map[string]any{
	"role_id":   "f3cb32f9-9e82-46c4-9f8a-62c1fadd0980",
	"secret_id": "5c1d9e2a-7b43-4f8e-a6d0-93e1b27c4f15", // want `stored under key secret_id \(hardcoded-credential\)`
}

var secretsManagerRef = map[string]any{"secret_id": "prod/orders/db-password"}

// Collections named after what they hold: API keys (routingKeys) judge
// generated elements; credentials (basicCreds) judge (user, password)
// pairs; a function named as a key returns one.
var routingKeys = struct{ Dispatch, Team string }{
	Dispatch: "123dfceee48f08c516d1d4195d83e609", // want `hardcoded credential in string literal stored in routingKeys`
	Team:     "dispatch-team",
}

var labelKeys = []string{"app.kubernetes.io/name", "aeiO+GlQJ+sHeD8cGW25XxNrtAxfcGWmZxzpB6PEGmo"}

var basicCreds = map[string][2]string{
	"NLTX": {"haulcraft-api", "S2aftLkF44pxmmufkoAg"}, // want `stored as the password of a login in basicCreds`
	"BLTF": {"HAULCRAFT01", "iDU0ueTWuk0r"},           // want `stored as the password of a login in basicCreds`
}

func oceanKey() string {
	return "00a2019558e3610c258161ef24a338b3" // want `hardcoded credential in string literal returned as oceanKey`
}

func cacheKey() string {
	return "00a2019558e3610c258161ef24a338b3"
}
