// Package telemetry ships metrics and events.
package telemetry

import (
	"bytes"
	"net/http"
	"os"

	"gitlab.medora-care.net/booking/platform/internal/config"
)

const ddAppKey = "4896ad16048b4b6cc3b1b16042bd5953eb346433"

// Event posts an event to Datadog.
func Event(payload []byte) error {
	req, err := http.NewRequest(http.MethodPost, "https://api.datadoghq.eu/api/v1/events", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("DD-API-KEY", config.DatadogAPIKey)
	req.Header.Set("DD-APPLICATION-KEY", ddAppKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// NewRelic forwards a copy of the events during the migration.
func NewRelic(payload []byte) error {
	key := os.Getenv("NEW_RELIC_API_KEY")
	if key == "" {
		key = "NRAK-T6YLEDCUD5UOTDJJPOAJC7QWZYK"
	}
	req, err := http.NewRequest(http.MethodPost, "https://insights-collector.eu01.nr-data.net/v1/accounts/3928174/events", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Api-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Sampling is the trace sample rate; the ID below is a dashboard, not a key.
const DashboardID = "abc-123-xyz"
