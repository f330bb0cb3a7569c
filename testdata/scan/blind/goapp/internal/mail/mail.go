package mail

import (
	"net/smtp"
	"os"
)

const resetSubject = "Your password reset link"

func Auth() smtp.Auth {
	return smtp.PlainAuth("", "noreply@acme.io", "MailPass!2022", "smtp.acme.io")
}

func AuthFromEnv() smtp.Auth {
	return smtp.PlainAuth("", os.Getenv("SMTP_USER"), os.Getenv("SMTP_PASSWORD"), "smtp.acme.io")
}

func Subject() string { return resetSubject }
