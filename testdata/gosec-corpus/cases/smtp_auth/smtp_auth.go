// label: secret

// Package smtpauth: a literal password passed to smtp.PlainAuth.
package smtpauth

import (
	"net/smtp"
)

func Auth() smtp.Auth {
	return smtp.PlainAuth("", "mailer@corp.internal", "pW9xK2mQ7v#aZ", "smtp.corp.internal")
}
