// Package notify sends appointment reminders by e-mail and SMS.
package notify

import (
	"fmt"
	"net/http"
	"net/smtp"
	"net/url"
	"strings"
)

const smtpHost = "smtp.eu.mailgun.org"

var smtpAuth = smtp.PlainAuth("", "postmaster@mail.medora-care.net", "8273b4f6f1be3ac74162baea45aa884a-274fbb68-70138b4a", smtpHost)

// SendReminder mails a reminder.
func SendReminder(to, body string) error {
	return smtp.SendMail(smtpHost+":587", smtpAuth, "reminders@medora-care.net", []string{to}, []byte(body))
}

// SendSMS sends a text through Twilio.
func SendSMS(to, body string) error {
	form := url.Values{"To": {to}, "From": {"+442071838750"}, "Body": {body}}
	req, err := http.NewRequest(http.MethodPost,
		"https://api.twilio.com/2010-04-01/Accounts/AC4bdac3d1515cd249b3de7e7ab79bc116/Messages.json",
		strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.SetBasicAuth("SK1904fd850329d3b879f5e015738f2eed", "wJd26ySbfc4dX2ND-bgVFAs-k_Th")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("twilio: %s", resp.Status)
	}
	return nil
}

// sendGrid posts mail through the SendGrid v3 API (used for receipts).
func sendGrid(payload string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, "https://api.sendgrid.com/v3/mail/send", strings.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer 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")
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// Receipt builds a receipt request.
func Receipt(to string) (*http.Request, error) {
	return sendGrid(fmt.Sprintf(`{"personalizations":[{"to":[{"email":%q}]}]}`, to))
}
