package webhook

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// RFC 4231 test case 2.
func TestHMACVector(t *testing.T) {
	key := []byte("Jefe")
	want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	m := hmac.New(sha256.New, key)
	m.Write([]byte("what do ya want for nothing?"))
	if got := hex.EncodeToString(m.Sum(nil)); got != want {
		t.Fatalf("got %s", got)
	}
}

func TestVerify(t *testing.T) {
	partnerSecrets["test"] = []byte("fake-webhook-secret-for-tests")
	body := []byte(`{"event":"motion"}`)
	m := hmac.New(sha256.New, partnerSecrets["test"])
	m.Write(body)
	if !Verify("test", body, hex.EncodeToString(m.Sum(nil))) {
		t.Fatal("valid signature rejected")
	}
	if Verify("test", body, "00") {
		t.Fatal("bad signature accepted")
	}
}

// GCM spec (McGrew & Viega) test case 3.
func TestGCMVector(t *testing.T) {
	key, _ := hex.DecodeString("feffe9928665731c6d6a8f9467308308")
	nonce, _ := hex.DecodeString("cafebabefacedbaddecaf888")
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	out := gcm.Seal(nil, nonce, make([]byte, 16), nil)
	if len(out) != 32 {
		t.Fatalf("len %d", len(out))
	}
}
