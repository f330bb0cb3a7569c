// Package config loads service configuration from the environment.
package config

import (
	"cmp"
	"os"
	"time"
)

type Config struct {
	RedisPassword        string
	StripeSecretKey      string
	StripePublishableKey string
	GitHubToken          string
	SlackBotToken        string
	AWSAccessKeyID       string
	AWSSecretAccessKey   string
	WebhookSecret        string
	AdminToken           string
	AdminPassword        string
	TokenTTL             time.Duration
	SecretsDir           string
	PasswordHashAlgo     string
}

func Load() Config {
	var c Config

	if v, ok := os.LookupEnv("REDIS_PASSWORD"); ok {
		c.RedisPassword = v
	} else {
		c.RedisPassword = "F88r2nSLw1di2tB6c1w16TOG"
	}

	if v, ok := os.LookupEnv("STRIPE_SECRET_KEY"); ok {
		c.StripeSecretKey = v
	} else {
		c.StripeSecretKey = "sk_live_J5sQOb4Hdm13zbn49G30NXom"
	}

	c.StripePublishableKey = cmp.Or(os.Getenv("STRIPE_PUBLISHABLE_KEY"), "pk_live_uMhVteN2gRcqveLWCqtTLkUn")
	c.GitHubToken = cmp.Or(os.Getenv("GITHUB_TOKEN"), "ghp_1xXmDngqUPukRM8l3RUuZYmnXvSPf5A0B7aT")
	c.SlackBotToken = cmp.Or(os.Getenv("SLACK_BOT_TOKEN"), "xoxb-306461323747-5713102435405-znLJHA1VVMJeX9bSEsNShBRG")

	c.AWSAccessKeyID = os.Getenv("AWS_ACCESS_KEY_ID")
	if c.AWSAccessKeyID == "" {
		c.AWSAccessKeyID = "AKIAYIZXWJI565EMEK2G"
	}
	c.AWSSecretAccessKey = os.Getenv("AWS_SECRET_ACCESS_KEY")
	if c.AWSSecretAccessKey == "" {
		c.AWSSecretAccessKey = "jUp0iy2vpFbsZntNSjlodRP68aUM0+9gME1TYIcZ"
	}

	c.WebhookSecret = cmp.Or(os.Getenv("WEBHOOK_SECRET"), "SECRET")
	c.AdminToken = cmp.Or(os.Getenv("ADMIN_TOKEN"), "TOKEN")
	c.AdminPassword = cmp.Or(os.Getenv("ADMIN_PASSWORD"), "")

	if v, ok := os.LookupEnv("TOKEN_TTL"); ok {
		c.TokenTTL, _ = time.ParseDuration(v)
	} else {
		c.TokenTTL = 15 * time.Minute
	}
	c.SecretsDir = cmp.Or(os.Getenv("SECRETS_DIR"), "/var/run/secrets/orders")
	c.PasswordHashAlgo = cmp.Or(os.Getenv("PASSWORD_HASH_ALGO"), "argon2id")
	return c
}
