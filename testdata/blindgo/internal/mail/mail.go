// Package mail sends alert mail.
package mail

import (
	"net/smtp"
	"os"
)

// Auth returns the SMTP credentials of the alerting account.
func Auth() smtp.Auth {
	return smtp.PlainAuth("", "alerts@example.com", "Sm7p-Al3rts!", "smtp.example.com")
}

// EnvAuth reads the SMTP password from the environment.
func EnvAuth() smtp.Auth {
	return smtp.PlainAuth("", "alerts@example.com", os.Getenv("SMTP_PASSWORD"), "smtp.example.com")
}

// CRAM returns CRAM-MD5 credentials.
func CRAM() smtp.Auth {
	return smtp.CRAMMD5Auth("reports@example.com", "458edb3ce587e4620fcd39a4d824aebf")
}

// SetupEnv exports settings for the child process.
func SetupEnv() error {
	if err := os.Setenv("DB_PASSWORD", "Summer2023?"); err != nil {
		return err
	}
	if err := os.Setenv("LOG_LEVEL", "debug"); err != nil {
		return err
	}
	if err := os.Setenv("SENDGRID_API_KEY", "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"); err != nil {
		return err
	}
	if err := os.Setenv("PASSWORD_MIN_LENGTH", "12"); err != nil {
		return err
	}
	return os.Setenv("TOKEN_TTL", "15m")
}
