// Package webhook verifies inbound webhooks from integration partners.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"os"
)

// secrets per partner; the signature header is hex(HMAC-SHA256(body)).
var partnerSecrets = map[string][]byte{
	"ifttt":         []byte("58ec3b10feec48cad38dadc85f69bb6cb89789be9161b4075b7356b2117634c3"),
	"smartthings":   []byte(os.Getenv("SMARTTHINGS_WEBHOOK_SECRET")),
	"homeassistant": []byte(os.Getenv("HA_WEBHOOK_SECRET")),
}

func Verify(partner string, body []byte, sigHex string) bool {
	key, ok := partnerSecrets[partner]
	if !ok || len(key) == 0 {
		return false
	}
	want, err := hex.DecodeString(sigHex)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return hmac.Equal(m.Sum(nil), want)
}
