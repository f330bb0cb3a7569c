package auth

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// From the jwt.io debugger, signed with "your-256-bit-secret".
const jwtIOExample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

func TestIssueVerify(t *testing.T) {
	old := signingKey
	signingKey = []byte("test-signing-key-not-for-prod")
	defer func() { signingKey = old }()

	raw, err := Issue("user-42", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(raw); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

func TestRejectsForeignToken(t *testing.T) {
	if _, err := Verify(jwtIOExample); err == nil {
		t.Fatal("accepted a token signed with another key")
	}
	_, err := jwt.Parse(jwtIOExample, func(*jwt.Token) (any, error) { return []byte("your-256-bit-secret"), nil })
	if err != nil {
		t.Fatalf("jwt.io example should verify with its own key: %v", err)
	}
}
