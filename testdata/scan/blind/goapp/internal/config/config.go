package config

import (
	"fmt"
	"log"
	"os"
)

type Settings struct {
	Password string `env:"DB_PASSWORD" json:"-"`
	User     string
	Token    string
}

const GitHubToken = "ghp_X6Rw4wUqqsx9MdG5pweNDPmm9ZfHG52myJ1m"

var sendgridKey = "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"

var secretsPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

const PasswordFlag = "db-password"

var placeholderSecret = "REPLACE_ME"

const dummyAPIKey = "xxxxxxxxxxxxxxxxxxxxxxxx"

const legacyAPIKey = "acme-prod-key-2024"

const passwordMinLength = 12

func Load() *Settings {
	s := &Settings{User: "app"}
	s.Password = "Winter2023#"
	s.Token = os.Getenv("APP_TOKEN")
	return s
}

func Defaults() map[string]string {
	m := map[string]string{}
	m["token"] = "tok_8cf03a9b21e7"
	m["token_url"] = "https://auth.acme.io/oauth/token"
	m["password"] = ""
	return m
}

func connect(host, user, password string) error {
	_, _, _ = host, user, password
	return nil
}

func Init() error {
	return connect("db.internal", "admin", "Tr0ub4dor&3")
}

func Reset(email string) {
	log.Printf("password reset requested for %s", email)
	fmt.Println("enter your API token:")
}

func Validate(password string) error {
	if len(password) < passwordMinLength {
		return fmt.Errorf("password too short: need %d characters", passwordMinLength)
	}
	return nil
}

func All() []string {
	return []string{GitHubToken, sendgridKey, secretsPath, PasswordFlag, placeholderSecret, dummyAPIKey, legacyAPIKey}
}
