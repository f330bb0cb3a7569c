package auth

import (
	"testing"
)

// sampleToken is signed by a throwaway key: Parse must reject it.
const sampleToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJuYW1lIjoiVGVzdCBVc2VyIiwiaWF0IjoxNTE2MjM5MDIyfQ.2oapcKCiKm6xaPg89S035PDXtnK1isxLBeUWdO-O_Hk"

func TestRoundTrip(t *testing.T) {
	old := hmacSecret
	hmacSecret = []byte("test-secret-do-not-use")
	defer func() { hmacSecret = old }()
	tok, err := Sign("user-42")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(tok)
	if err != nil || c.Subject != "user-42" {
		t.Fatalf("Parse = %v, %v", c, err)
	}
}

func TestRejectsForeign(t *testing.T) {
	if _, err := Parse(sampleToken); err == nil {
		t.Fatal("foreign token accepted")
	}
}
