package auth

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// jwt.io's example token, signed with "your-256-bit-secret".
const exampleJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

func TestExampleJWT(t *testing.T) {
	_, err := jwt.Parse(exampleJWT, func(*jwt.Token) (any, error) {
		return []byte("your-256-bit-secret"), nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIssuePortal(t *testing.T) {
	s, err := IssuePortal("shipper-42")
	if err != nil || s == "" {
		t.Fatal(err)
	}
}
