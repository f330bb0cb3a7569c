// Package config loads fleetd settings from the environment.
package config

import (
	"cmp"
	"os"
	"strconv"
	"time"
)

// Environment variable names read by Load.
const (
	EnvDBPassword = "FLEET_DB_PASSWORD"
	EnvRedisPass  = "FLEET_REDIS_PASSWORD"
	EnvJWTSecret  = "FLEET_JWT_SECRET"
	TokenHeader   = "X-Fleet-Token"
	SecretsDir    = "/var/run/secrets/fleet"

	passwordMinLen = 12
	// PasswordPlaceholder is shown in the admin UI instead of the stored value.
	PasswordPlaceholder = "********"
	defaultPasswordHint = "changeme"
)

// bootstrapAdminPassword is the first admin's password; the installer forces a change on first login.
const bootstrapAdminPassword = "Comet-Heron-7042!"

// Config is the runtime configuration.
type Config struct {
	DBHost     string `json:"db_host"`
	DBUser     string `json:"db_user"`
	DBPassword string `json:"db_password" env:"FLEET_DB_PASSWORD"`
	RedisAddr  string `json:"redis_addr"`
	RedisPass  string `json:"-"`
	JWTSecret  []byte `json:"-"`
	AdminPass  string `json:"-"`
	SessionTTL time.Duration
}

// Load reads the configuration. Missing values fall back to the shared dev stack.
func Load() Config {
	c := Config{
		DBHost:     cmp.Or(os.Getenv("FLEET_DB_HOST"), "db.internal.acme-logistics.io:3306"),
		DBUser:     cmp.Or(os.Getenv("FLEET_DB_USER"), "fleet_app"),
		DBPassword: cmp.Or(os.Getenv(EnvDBPassword), "yxXrG*LNCVj6sVZNPu2Fh"),
		RedisAddr:  cmp.Or(os.Getenv("FLEET_REDIS_ADDR"), "127.0.0.1:6379"),
		AdminPass:  bootstrapAdminPassword,
	}
	c.RedisPass = os.Getenv(EnvRedisPass)
	if c.RedisPass == "" {
		c.RedisPass = "MHKOUIs4cvNYykNf1du5"
	}
	secret, ok := os.LookupEnv(EnvJWTSecret)
	if !ok {
		secret = "88c3b283096190d0295070b444a07536c3c1673af087ee216cff6a4289f766d9"
	}
	c.JWTSecret = []byte(secret)
	ttl, err := strconv.Atoi(os.Getenv("FLEET_SESSION_TTL"))
	if err != nil {
		ttl = 3600
	}
	c.SessionTTL = time.Duration(ttl) * time.Second
	return c
}

// ValidPassword reports whether pw meets the password policy.
func ValidPassword(pw string) bool { return len(pw) >= passwordMinLen && pw != defaultPasswordHint }

// SecretPath returns the file that holds the named secret.
func SecretPath(name string) string { return SecretsDir + "/" + name }
