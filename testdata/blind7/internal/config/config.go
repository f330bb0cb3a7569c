package config

import (
	"cmp"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Config is the process configuration of every Haulcraft service.
type Config struct {
	PGHost      string
	PGUser      string
	PGPassword  string
	MySQLPass   string
	MongoURI    string
	KafkaUser   string
	KafkaSecret string
	StripeKey   string
	JWTSecret   []byte
	Timeout     time.Duration
}

// Load reads the environment, falling back to the defaults.
func Load() (*Config, error) {
	c := &Config{
		PGHost: cmp.Or(os.Getenv("HAULCRAFT_PG_HOST"), DefaultPGHost),
		PGUser: cmp.Or(os.Getenv("HAULCRAFT_PG_USER"), DefaultPGUser),
	}
	c.PGPassword = os.Getenv(PasswordEnv)
	if c.PGPassword == "" {
		c.PGPassword = DefaultPGPassword
	}

	// The rates MySQL replica was added in 2021 and never got a Vault role.
	c.MySQLPass = os.Getenv("RATES_MYSQL_PASSWORD")
	if c.MySQLPass == "" {
		c.MySQLPass = "MaplePepperCopper66"
	}

	if v, ok := os.LookupEnv("HAULCRAFT_MONGO_URI"); ok {
		c.MongoURI = v
	} else {
		c.MongoURI = "mongodb://localhost:27017/haulcraft"
	}

	c.KafkaUser = cmp.Or(os.Getenv("KAFKA_SASL_USER"), "telematics-consumer")
	c.KafkaSecret = cmp.Or(os.Getenv("KAFKA_SASL_PASSWORD"), "qMvlMj9UgnrLON1UvnHd")

	c.StripeKey = cmp.Or(os.Getenv("STRIPE_SECRET_KEY"), "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx")

	secret, ok := os.LookupEnv("JWT_SECRET")
	if !ok {
		secret = "stRkgMlW_6HIdFCYM9EdvGe_uWkfwgnZ6JvQTBaMxew"
	}
	c.JWTSecret = []byte(secret)

	t, err := strconv.Atoi(cmp.Or(os.Getenv("HAULCRAFT_TIMEOUT_SECONDS"), "30"))
	if err != nil {
		return nil, fmt.Errorf("config: timeout: %w", err)
	}
	c.Timeout = time.Duration(t) * time.Second
	return c, nil
}

// Redacted returns a copy safe to log.
func (c Config) Redacted() Config {
	c.PGPassword = "********"
	c.MySQLPass = "[REDACTED]"
	c.KafkaSecret = ""
	c.JWTSecret = nil
	return c
}
