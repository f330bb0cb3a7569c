//go:build e2e

package e2e

import (
	"cmp"
	"net/http"
	"os"
	"testing"
)

// The e2e suite runs against the shared staging environment.
var stripeKey = cmp.Or(os.Getenv("E2E_STRIPE_KEY"), "sk_live_FvCk1IkJ2jOtsHAK8nipSaqD")

func newClient(t *testing.T, user, pass string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "https://staging.orders.example.com/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(user, pass)
	return req
}

func TestCheckout(t *testing.T) {
	req := newClient(t, "e2e-runner", "BlueFjord_7731!")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	_ = stripeKey
}

func TestCheckoutUnauthorized(t *testing.T) {
	req := newClient(t, "nobody", "wrong-password")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d", resp.StatusCode)
	}
}
