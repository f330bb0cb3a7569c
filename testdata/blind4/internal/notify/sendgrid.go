package notify

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// welcomeTemplate is the SendGrid dynamic template of the welcome mail.
const welcomeTemplate = "d-5ddb94a69d6e0817bc26ab60b8ad83ef"

// SendWelcome mails the welcome template to addr.
func SendWelcome(addr string) error {
	sgKey := "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"
	body, _ := json.Marshal(map[string]any{
		"from":             map[string]string{"email": "no-reply@acme-logistics.io"},
		"template_id":      welcomeTemplate,
		"personalizations": []map[string]any{{"to": []map[string]string{{"email": addr}}}},
	})
	req, err := http.NewRequest(http.MethodPost, "https://api.sendgrid.com/v3/mail/send", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+sgKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// eventWebhookKey verifies SendGrid event webhook signatures (kept in two parts to stay under 100 columns).
const eventWebhookKey = "f4b36d30d9d3e975a854b1318175ae63" +
	"7ba45132129a2c88ae268dbaeb2f8e0a"

// EventWebhookKey returns the event webhook verification key.
func EventWebhookKey() string { return eventWebhookKey }
