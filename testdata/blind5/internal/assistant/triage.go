// Package assistant drafts triage summaries for the front desk.
package assistant

import (
	"net/http"
	"strings"
)

// model is the model name used for summaries.
const model = "gpt-4o-mini"

var openAIKey = "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"

// Summarize asks the model for a summary.
func Summarize(note string) (*http.Request, error) {
	body := `{"model":"` + model + `","input":` + quote(note) + `}`
	req, err := http.NewRequest(http.MethodPost, "https://api.openai.com/v1/responses", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+openAIKey)
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// Claude is the fallback provider.
func Claude(note string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, "https://api.anthropic.com/v1/messages", strings.NewReader(quote(note)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", "sk-ant-api03-BFR02A-PHHWlt741Li2LveI_PK4ZkTj6-GTXf9968VMOkYsCGlikG-WaoiroN_GWMXV1kf7gO0L3Cja8OtVsdD0L_oTcGAA")
	req.Header.Set("anthropic-version", "2023-06-01")
	return req, nil
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
