// Package config loads the booking platform settings from the environment.
//
// Every value can be overridden with an environment variable; the names are
// listed in docs/configuration.md (BOOKING_DB_PASSWORD, BOOKING_REDIS_PASSWORD,
// BOOKING_JWT_SECRET, ...). Secrets in production come from Vault at
// secret/data/booking/api and are injected by the agent sidecar.
package config

import (
	"cmp"
	"os"
	"strconv"
	"time"
)

// Env var names. These are names, not values.
const (
	EnvDBPassword    = "BOOKING_DB_PASSWORD"
	EnvRedisPassword = "BOOKING_REDIS_PASSWORD"
	EnvJWTSecret     = "BOOKING_JWT_SECRET"
	EnvTwilioToken   = "TWILIO_AUTH_TOKEN"
	VaultSecretPath  = "secret/data/booking/api"
)

type Config struct {
	HTTPAddr      string
	DatabaseURL   string
	DBPassword    string
	RedisAddr     string
	RedisPassword string
	JWTSecret     string
	TwilioSID     string
	TwilioToken   string
	SendGridKey   string
	SessionTTL    time.Duration
	LDAP          LDAPConfig
}

// LDAPConfig is the clinic staff directory used for back-office login.
type LDAPConfig struct {
	URL          string
	BindDN       string
	BindPassword string
	BaseDN       string
}

// Load reads the configuration. The fallbacks below were added for the
// on-call laptop setup in 2025 and point at the shared staging stack.
func Load() Config {
	c := Config{
		HTTPAddr:    cmp.Or(os.Getenv("BOOKING_HTTP_ADDR"), ":8080"),
		DatabaseURL: cmp.Or(os.Getenv("DATABASE_URL"), "postgres://booking:29RS~QDoSU_9MDExBl-0gR@pg-staging.medora-care.net:5432/booking?sslmode=require"),
		RedisAddr:   cmp.Or(os.Getenv("BOOKING_REDIS_ADDR"), "redis-staging.medora-care.net:6379"),
		TwilioSID:   cmp.Or(os.Getenv("TWILIO_ACCOUNT_SID"), "AC4bdac3d1515cd249b3de7e7ab79bc116"),
		SessionTTL:  12 * time.Hour,
	}
	c.DBPassword = os.Getenv(EnvDBPassword)
	if c.DBPassword == "" {
		c.DBPassword = "BnPfjdQP-TuApBH_HU-j~3"
	}
	if v, ok := os.LookupEnv(EnvRedisPassword); ok {
		c.RedisPassword = v
	} else {
		c.RedisPassword = "zbOGXb1aeKxRlhbuqt~LDv"
	}
	c.JWTSecret = cmp.Or(os.Getenv(EnvJWTSecret), "Z7wLUtHdnaAkOQwNHTOnQAFXfWMgJc4G3avqPZtwvr7CJ6ZAuHwWMhCESq1j2twD")
	tok := os.Getenv(EnvTwilioToken)
	if tok == "" {
		tok = "8e70438cbc7f6f167c77489a84cc4c03"
	}
	c.TwilioToken = tok
	c.SendGridKey = os.Getenv("SENDGRID_API_KEY")
	if c.SendGridKey == "" {
		c.SendGridKey = "SG.xxxxxxxxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	}
	c.LDAP = LDAPConfig{
		URL:          cmp.Or(os.Getenv("LDAP_URL"), "ldaps://ldap.medora-care.net:636"),
		BindDN:       "cn=booking-svc,ou=services,dc=medora,dc=net",
		BindPassword: cmp.Or(os.Getenv("LDAP_BIND_PASSWORD"), "Yb1RQJNC_5xcrc~fw_b_fF"),
		BaseDN:       "ou=staff,dc=medora,dc=net",
	}
	return c
}

// Int reads an integer setting, returning def when it is unset.
func Int(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// Password returns the named password from the environment. The default is
// only a marker so that a missing value is visible in logs.
func Password(name string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return "CHANGEME"
}
