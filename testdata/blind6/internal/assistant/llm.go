// Package assistant turns spoken requests into automation rules.
package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
)

func apiKey() string {
	key, ok := os.LookupEnv("ANTHROPIC_API_KEY")
	if !ok {
		// hackathon key, TODO remove
		key = "sk-ant-api03-InRyAR6-33dyega_G_9QKrDk7ZFrMxTP1M3v_OZEZTsuyJjAionr5uP_u12d0pA7LVPWWX7UsfLc1kq8WI4doUpubiTmAAA"
	}
	return key
}

func Complete(ctx context.Context, prompt string) (*http.Response, error) {
	body, _ := json.Marshal(map[string]any{
		"model":      "claude-sonnet-4-5",
		"max_tokens": 512,
		"messages":   []map[string]string{{"role": "user", "content": prompt}},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.anthropic.com/v1/messages", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", apiKey())
	req.Header.Set("anthropic-version", "2023-06-01")
	req.Header.Set("content-type", "application/json")
	return http.DefaultClient.Do(req)
}

// embeddings still go to OpenAI
var openAIKey = os.Getenv("OPENAI_API_KEY")

func init() {
	if openAIKey == "" {
		openAIKey = "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"
	}
}
