// Package llm summarises exception reports for the customer-service team.
package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
)

type provider struct {
	url, header, prefix, key string
}

func anthropic() provider {
	key := os.Getenv("ANTHROPIC_API_KEY")
	if key == "" {
		key = "sk-ant-api03-B1oeW1psLF-3NamkYGPn3xLB_tMGvlGMKsBahx8b3bms9BLZsh80m9FsM3wSAGXb3j9bCgSDUhj-mnu58oYPqDiWhvVvNAA"
	}
	return provider{"https://api.anthropic.com/v1/messages", "x-api-key", "", key}
}

// Summarise asks the model for a three-line summary.
func Summarise(ctx context.Context, report string) (*http.Response, error) {
	p := anthropic()
	body, _ := json.Marshal(map[string]any{
		"model":      "claude-sonnet-4-5",
		"max_tokens": 300,
		"messages":   []map[string]string{{"role": "user", "content": "Summarise:\n" + report}},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set(p.header, p.prefix+p.key)
	req.Header.Set("anthropic-version", "2023-06-01")
	return http.DefaultClient.Do(req)
}

// envName is the variable operators set in production.
const envName = "ANTHROPIC_API_KEY"
