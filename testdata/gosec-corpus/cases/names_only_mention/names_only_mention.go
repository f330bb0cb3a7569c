// label: clean

// Package namesonlymention: names that only mention secrets.
package namesonlymention

const (
	PasswordEnvVar    = "DB_PASSWORD"
	TokenHeader       = "X-Auth-Token"
	passwordMinLength = 12
	secretName        = "db-credentials"
	passwordFile      = "/run/secrets/db_password"
	tokenURL          = "https://auth.example.com/oauth/token"
	secretKeyHeader   = "X-Secret-Key"
)
