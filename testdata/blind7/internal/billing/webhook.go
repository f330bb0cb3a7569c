package billing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// webhookSecret verifies Stripe-Signature headers.
var webhookSecret = []byte("whsec_kbotpMvSWQJdNAeFDf27gVxOWtKaqEO5")

// signatureHeader is the header Stripe signs with.
const signatureHeader = "Stripe-Signature"

// Verify checks the v1 signature of a webhook payload.
func Verify(r *http.Request, payload []byte) bool {
	var ts, sig string
	for _, part := range strings.Split(r.Header.Get(signatureHeader), ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	mac := hmac.New(sha256.New, webhookSecret)
	mac.Write([]byte(ts + "." + string(payload)))
	want := hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(sig))
}
