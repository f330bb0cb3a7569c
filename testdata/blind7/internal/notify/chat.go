package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// Channels maps an incident class to its Slack incoming webhook.
var Channels = map[string]string{
	"late-delivery": "https://hooks.slack.com/services/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",
	"temp-breach":   "https://hooks.slack.com/services/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",
	"test":          "https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
}

// slackBot posts threaded updates with the Haulcraft Dispatch app.
type slackBot struct {
	token   string
	channel string
}

var dispatchBot = slackBot{
	"xoxb-702551754165-5496608398726-deWbYzCW4agSzZhkGuncH7yq",
	"C04HAULOPS",
}

// Post sends a chat.postMessage.
func (b slackBot) Post(ctx context.Context, text string) (*http.Response, error) {
	body, _ := json.Marshal(map[string]string{"channel": b.channel, "text": text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://slack.com/api/chat.postMessage", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

// PostDispatch posts to #dispatch-ops.
func PostDispatch(ctx context.Context, text string) (*http.Response, error) {
	return dispatchBot.Post(ctx, text)
}

// teamsHook is used by the UK subsidiary, which runs on Microsoft 365.
const teamsHook = "https://haulcraft.webhook.office.com/webhookb2/6fd7670f-5533-4c94-bb9d-ef77b032fb90@d82ff79b-c463-4b3d-b844-9663d71338e2/IncomingWebhook/9a580667c56540132aa3658658b0a5a7/deccc3fc-bb82-4983-89e3-8369f32aab19"

// PostTeams posts a MessageCard.
func PostTeams(ctx context.Context, text string) (*http.Response, error) {
	body, _ := json.Marshal(map[string]string{"text": text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, teamsHook, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}
