package payments

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// Fixtures: these values are fake and only sign local payloads.
const (
	fakeWebhookSecret = "whsec_test_fake_0000000000000000"
	fakeKey           = "sk_test_FAKE_not_a_real_key"
)

func sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + string(body)))
	return hex.EncodeToString(mac.Sum(nil))
}

func TestVerifyWebhook(t *testing.T) {
	c := Client{Key: fakeKey, WebhookSecret: fakeWebhookSecret}
	body := []byte(`{"id":"evt_1"}`)
	if !c.VerifyWebhook(body, "1700000000", sign(fakeWebhookSecret, "1700000000", body)) {
		t.Fatal("valid signature rejected")
	}
	if c.VerifyWebhook(body, "1700000000", "00") {
		t.Fatal("bad signature accepted")
	}
}

func TestConnectHeader(t *testing.T) {
	c := Connect("acct_1Example")
	if c.Key != "Bearer acct_1Example" {
		t.Fatalf("key = %q", c.Key)
	}
}
