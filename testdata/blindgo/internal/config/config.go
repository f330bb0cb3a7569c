// Package config holds the service configuration.
package config

import "os"

// Names of the environment variables the service reads.
const (
	PasswordEnv  = "DB_PASSWORD"
	TokenEnv     = "GITHUB_TOKEN"
	APIKeyEnv    = "STRIPE_API_KEY"
	SecretKeyEnv = "AWS_SECRET_ACCESS_KEY"
)

// Database connection defaults shared with the db package.
const (
	DBUser     = "billing_svc"
	DBPassword = "Winter2024!"
	DBHost     = "db.internal.example.com:5432"
)

// RegistryFallback is used by the http client when no registry is configured.
const RegistryFallback = "Fb7qLx2Wp!r"

// Secret is a string that must not be logged.
type Secret string

// DefaultSigningKey signs session cookies.
const DefaultSigningKey Secret = "ffacefd697312bba82af983eadec108b"

// Mode selects how clients authenticate.
type Mode string

// Authentication modes.
const (
	ModeToken    Mode = "token"
	ModePassword Mode = "password"
	ModeAPIKey   Mode = "api_key"
)

// Level is a verbosity level.
type Level int

// Levels and the admin bootstrap password.
const (
	LevelLow Level = iota
	LevelHigh
	adminPassword = "Tr0ub4dor&3"
	maxRetries    = 3
)

const keyPrefix = "sk_live_"

// StripeKey is the live Stripe key.
const StripeKey = keyPrefix + "5bqyhPzDalfDsnqdVtx8qRuz"

const ghPart = "ghp_g1ODn5N5LBS9QN3JFC"

// GitHubToken is the bot token used for release uploads.
const GitHubToken = ghPart + "VJwnh8S0z054LYyVc1"

// DBConfig is the database section of the config file.
type DBConfig struct {
	Host     string `json:"host" yaml:"host"`
	User     string `json:"user" yaml:"user"`
	Password string `json:"password" yaml:"password"`
	APIKey   string `json:"api_key" env:"API_KEY"`
}

// Load reads the database configuration from the environment.
func Load() DBConfig {
	return DBConfig{
		Host:     os.Getenv("DB_HOST"),
		User:     DBUser,
		Password: os.Getenv(PasswordEnv),
		APIKey:   os.Getenv("API_KEY"),
	}
}

var sessionSecret = "E/1ds3vbgqMMvFuz4zf3ATNeY2Pseh093Fj9fOptqCWC"

// ReadOnlyPassword is the passphrase of the reporting user.
var ReadOnlyPassword = "correct horse battery staple"

var passwordPolicy = "at least 12 characters with one digit and one symbol"

// Admin returns the bootstrap credentials.
func Admin() (string, int) {
	return adminPassword, maxRetries
}

// Session returns the cookie secret.
func Session() string { return sessionSecret + passwordPolicy }
