// Package billing invoices shippers through Stripe.
package billing

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

const stripeAPI = "https://api.stripe.com/v1"

// Stripe is a minimal Stripe client; we only create invoices.
type Stripe struct {
	Key string
}

// DefaultStripe is used by the nightly invoicing job.
var DefaultStripe = Stripe{"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"}

// PublishableKey is embedded in the shipper portal's checkout page.
const PublishableKey = "pk_live_518alT6snOp4OUI0PUjIvLWXrRNGRbvdaicp0gaBsEtzQeADHcu5MMYnhhkSc6yzn2ZGF3Pz4bBFkgkm9SJfX4q76XZKPhBf1L7"

// CreateInvoice creates a draft invoice for a customer.
func (s Stripe) CreateInvoice(ctx context.Context, customer string) (*http.Response, error) {
	form := url.Values{"customer": {customer}, "auto_advance": {"false"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, stripeAPI+"/invoices", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(s.Key, "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}

// RestrictedReporting reads balances for the finance dashboard only.
func RestrictedReporting() Stripe {
	return Stripe{Key: "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"}
}

// Stripe object ids we reference in reconciliation (ids, not keys).
const (
	PlatformAccount = "acct_1NzQvHKa8cT3yS1d"
	FuelSurchargeID = "price_1OaB2cDeFgHiJkLmNoPqRsTu"
	WebhookEndpoint = "we_1P3xYzAbCdEfGhIjKlMn"
)
