package billing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// RFC 4231 test case 2.
func TestHMACVector(t *testing.T) {
	key := []byte("Jefe")
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("what do ya want for nothing?"))
	got := hex.EncodeToString(mac.Sum(nil))
	want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Fatalf("got %s", got)
	}
}

func TestStripeKeyShape(t *testing.T) {
	s := Stripe{Key: "sk_test_4eC39HqLyjWDarjtT1zdp7dc"}
	if len(s.Key) < 10 {
		t.Fatal("short")
	}
}
