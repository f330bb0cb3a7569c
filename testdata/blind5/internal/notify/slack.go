package notify

import (
	"bytes"
	"encoding/json"
	"net/http"

	"gitlab.medora-care.net/booking/platform/internal/config"
)

const slackBotToken = "xoxb-880786619989-4956583967972-yrhL80Eor8J0ZZ4FpbivnIv9"

// PostOps posts to #booking-ops through the bot.
func PostOps(text string) error {
	b, _ := json.Marshal(map[string]string{"channel": "C04QZ7K2M1N", "text": text})
	req, err := http.NewRequest(http.MethodPost, "https://slack.com/api/chat.postMessage", bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+slackBotToken)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Alert posts to the incoming webhook.
func Alert(text string) error {
	b, _ := json.Marshal(map[string]string{"text": text})
	resp, err := http.Post(config.SlackWebhookURL, "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
