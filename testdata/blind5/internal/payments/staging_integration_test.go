//go:build integration

package payments

import (
	"net/http"
	"testing"
)

// These tests run against the Stripe account of the staging clinic
// (dashboard: Medora Staging). Run with: go test -tags integration ./internal/payments
var staging = Client{
	Key:           "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",
	WebhookSecret: "whsec_akLOkG7IqvSxc13DpbakLkmwunm0QDc5",
	HTTP:          http.DefaultClient,
}

func TestStagingCharge(t *testing.T) {
	resp, err := staging.Charge("500", "gbp", "cus_QxStagingDemo01")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s", resp.Status)
	}
}
