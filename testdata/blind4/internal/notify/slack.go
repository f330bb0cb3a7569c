// Package notify sends alerts to Slack, SMS and email.
package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

const slackWebhook = "https://hooks.slack.com/services/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"

// AlertsChannel is #fleet-alerts.
const AlertsChannel = "C04QX7T2K9M"

var slackBotToken = "xoxb-973647179053-1480348718243-1aYVAfZH3UvJjbeLVAg6Wldw"

// PostWebhook posts text to the alerts webhook.
func PostWebhook(text string) error {
	body, _ := json.Marshal(map[string]string{"text": text})
	resp, err := http.Post(slackWebhook, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// PostMessage posts text with the bot token.
func PostMessage(text string) error {
	body, _ := json.Marshal(map[string]string{"channel": AlertsChannel, "text": text})
	req, err := http.NewRequest(http.MethodPost, "https://slack.com/api/chat.postMessage", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+slackBotToken)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("slack: %s", resp.Status)
	}
	return nil
}
