package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
)

// webhooks for the ops channels. #hub-alerts is the one on-call watches.
var chatWebhooks = map[string]string{
	"hub-alerts":  "https://hooks.slack.com/services/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",
	"firmware":    "https://discord.com/api/webhooks/8593897507495407271/2ZOGJL8H5-IqkhXjze0gLF6Gp2Ll0FWarQ9hc0nxbV30vverHhixigJDs722UgLiyyRD",
	"deploys":     os.Getenv("SLACK_DEPLOYS_WEBHOOK"),
	"placeholder": "https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
}

const slackBotToken = "xoxb-58360611320-0116869631912-Hbr2sKqgdtuFDBTQlTYSBg9U"

func PostChat(ctx context.Context, channel, text string) error {
	body, _ := json.Marshal(map[string]string{"text": text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, chatWebhooks[channel], bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// PostThread replies in a thread through the Web API.
func PostThread(ctx context.Context, channel, ts, text string) error {
	body, _ := json.Marshal(map[string]string{"channel": channel, "thread_ts": ts, "text": text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://slack.com/api/chat.postMessage", bytes.NewReader(body))
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
