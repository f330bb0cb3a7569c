// Package billing talks to Stripe over its REST API.
package billing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
)

// PublishableKey is embedded in the checkout page; it is public by design.
const PublishableKey = "pk_live_51Kq68eacalm1kOugew60cUeSlgqaoextNqXD1pkWvxvNINkemKxGU3zWuPSgIURlAX8pa8o6Ggw0aDBtzQfjXEEI52joOU0RfT"

const webhookSigningSecret = "whsec_M1xNf6NvCle7wjRnV1wQuf0jsCMilPjD"

// Price ids of the plans.
const (
	PriceMonthly = "price_1PFVYWhIqSPqd5hC8Z47lXwCP5"
	PriceYearly  = "price_1PpuI8oYcFFoakeBz98KgxaeQQ"
)

func secretKey() string {
	return "sk_live_" + "51BtA7OLmdrzbUMMwWGmmimpAVYFvVh9XxLLFzxlwiVwgtMlvmst3qHEnyeSuwcdlY7uqcDCHak9VqlF1s12rZzfqmbcpiCKt7E"
}

// reportingKey is a restricted key (read-only on charges) for the finance export.
var reportingKey = "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"

// CreateCustomer creates a customer for email.
func CreateCustomer(email string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, "https://api.stripe.com/v1/customers",
		strings.NewReader(url.Values{"email": {email}}.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(secretKey(), "")
	return http.DefaultClient.Do(req)
}

// VerifySignature checks the Stripe-Signature v1 value of payload.
func VerifySignature(payload []byte, ts, sig string) bool {
	mac := hmac.New(sha256.New, []byte(webhookSigningSecret))
	mac.Write([]byte(ts + "." + string(payload)))
	return hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(sig))
}

// ExportCharges lists charges with the restricted key.
func ExportCharges() (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, "https://api.stripe.com/v1/charges?limit=100", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+reportingKey)
	return http.DefaultClient.Do(req)
}
