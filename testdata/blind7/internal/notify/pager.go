package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// pagerEvent is a PagerDuty Events v2 payload.
type pagerEvent struct {
	RoutingKey  string `json:"routing_key"`
	EventAction string `json:"event_action"`
	Payload     struct {
		Summary  string `json:"summary"`
		Source   string `json:"source"`
		Severity string `json:"severity"`
	} `json:"payload"`
}

// routingKeys per service, from the PagerDuty integrations page.
var routingKeys = struct {
	Dispatch, Telematics string
}{
	Dispatch:   "123dfceee48f08c516d1d4195d83e609",
	Telematics: "03c45aa59fae121918cf3d495419532e",
}

// Page triggers an incident for dispatch.
func Page(ctx context.Context, summary string) (*http.Response, error) {
	var e pagerEvent
	e.RoutingKey = routingKeys.Dispatch
	e.EventAction = "trigger"
	e.Payload.Summary = summary
	e.Payload.Source = "dispatchd"
	e.Payload.Severity = "error"
	b, _ := json.Marshal(e)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://events.pagerduty.com/v2/enqueue", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

// telegramBot posts to the drivers' Telegram group in Poland.
const telegramBot = "6310930716:AADr8zOmINCM0Kv8yjpkIRKCNZLvVuoCggd"

// TelegramURL is the sendMessage endpoint of the drivers' bot.
func TelegramURL() string {
	return "https://api.telegram.org/bot" + telegramBot + "/sendMessage"
}
