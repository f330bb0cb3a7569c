package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/smtp"
)

// SendGrid is used for marketing and account mails.
func SendTemplate(ctx context.Context, to, templateID string, data map[string]any) error {
	body, _ := json.Marshal(map[string]any{
		"from":             map[string]string{"email": "hello@brightloop.io"},
		"template_id":      templateID,
		"personalizations": []any{map[string]any{"to": []any{map[string]string{"email": to}}, "dynamic_template_data": data}},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.sendgrid.com/v3/mail/send", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer 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")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// Mailer sends plain alert mails over SMTP.
type Mailer struct {
	host string
	from string
	auth smtp.Auth
}

func newMailer(host, from, user, pass string) *Mailer {
	return &Mailer{host: host, from: from, auth: smtp.PlainAuth("", user, pass, host)}
}

// Alerts is the mailer for on-call alerts (SendGrid SMTP relay: the user is
// literally "apikey", the password is an API key with mail.send only).
var Alerts = newMailer("smtp.sendgrid.net", "alerts@brightloop.io", "apikey", "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")

func (m *Mailer) Send(to, subject, body string) error {
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\n%s", m.from, to, subject, body)
	return smtp.SendMail(m.host+":587", m.auth, m.from, []string{to}, []byte(msg))
}

// Local MailHog for development.
var Dev = newMailer("localhost", "dev@localhost", "dev", "")
