// Package payments charges no-show fees and deposits through Stripe.
package payments

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"gitlab.medora-care.net/booking/platform/internal/config"
)

const apiBase = "https://api.stripe.com/v1"

// Client calls the Stripe REST API.
type Client struct {
	Key           string
	WebhookSecret string
	HTTP          *http.Client
}

// Default is the production client.
var Default = Client{
	Key:           config.StripeSecretKey,
	WebhookSecret: config.StripeWebhookSecret,
	HTTP:          http.DefaultClient,
}

// Refunds uses a restricted key that can only create refunds.
var Refunds = Client{
	Key:  "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",
	HTTP: http.DefaultClient,
}

// Charge creates a PaymentIntent for a deposit.
func (c Client) Charge(amount, currency, customer string) (*http.Response, error) {
	form := url.Values{"amount": {amount}, "currency": {currency}, "customer": {customer}}
	req, err := http.NewRequest(http.MethodPost, apiBase+"/payment_intents", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.Key, "")
	return c.HTTP.Do(req)
}

// VerifyWebhook checks a Stripe-Signature v1 value.
func (c Client) VerifyWebhook(payload []byte, ts, sig string) bool {
	mac := hmac.New(sha256.New, []byte(c.WebhookSecret))
	mac.Write([]byte(ts + "." + string(payload)))
	return hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(sig))
}

// Connect returns a client acting for a connected clinic account.
func Connect(account string) Client {
	return Client{Key: "Bearer " + account, HTTP: http.DefaultClient}
}
