// Package billing handles the Brightloop Plus subscriptions.
package billing

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

const (
	// publishable key, shipped in the web app bundle anyway
	PublishableKey = "pk_live_51jGoxTkEvcfPvObLMvezW51FP0EFspNqWx5efycIkiE3hjrfhGErnYPA8oI33nmgSb909qcaDN8EtoYpIkhNkCvdGY43BTEJpq"
	stripeSecret   = "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"
	webhookSecret  = "whsec_ybbsnEiyZiIsjMWUJKk4NjhfU7pkV8M7"
	priceMonthly   = "price_1PzW3kLq8yT2mN5vXbR0aJ4c"
)

func CreateCheckout(ctx context.Context, customer string) (*http.Response, error) {
	form := url.Values{"customer": {customer}, "mode": {"subscription"}, "line_items[0][price]": {priceMonthly}, "line_items[0][quantity]": {"1"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.stripe.com/v1/checkout/sessions", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(stripeSecret, "")
	return http.DefaultClient.Do(req)
}

func WebhookSecret() string { return webhookSecret }
