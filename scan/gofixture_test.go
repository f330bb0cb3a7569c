package scan_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// TestGoTestFixtures: in Go test code a provider-format value is a
// fixture, not reported, when its name or the comment above it says so
// (sampleToken, "signed by a throwaway key"), or when a JWT's claims say
// it is a test's, as go vet decides; a token made from jwt.io's example
// payload is reported nowhere. Tokens are built at test time.
func TestGoTestFixtures(t *testing.T) {
	jwt := func(payload string) string {
		sig := make([]byte, 32)
		if _, err := rand.Read(sig); err != nil {
			t.Fatal(err)
		}
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(payload)) + "." + enc(sig)
	}
	plain := func() string { return jwt(`{"sub":"u-8841","role":"ops","iat":1733000000}`) }
	src := "package p\n\n" +
		"const sessionJWT = \"" + plain() + "\"\n\n" +
		"const sampleJWT = \"" + plain() + "\"\n\n" +
		"// parserJWT is signed by a throwaway key: Parse must reject it.\n" +
		"const parserJWT = \"" + plain() + "\"\n\n" +
		"const claimsJWT = \"" + jwt(`{"sub":"test-user","iat":1733000000}`) + "\"\n"
	fs, _ := scan.ScanFile(context.Background(), defaultConfig(t), "auth/auth_test.go", []byte(src))
	var lines []int
	for _, f := range fs {
		lines = append(lines, f.Line)
	}
	if len(fs) != 1 || fs[0].Line != 3 || fs[0].RuleID != "jwt" {
		t.Errorf("findings on lines %v, want one jwt on line 3 (sessionJWT)", lines)
	}
	// Outside test code the name and the comment change nothing.
	fs, _ = scan.ScanFile(context.Background(), defaultConfig(t), "auth/auth.go", []byte(src))
	if len(fs) != 4 {
		t.Errorf("auth.go: %d findings, want 4", len(fs))
	}
	ex := "package p\n\nconst docToken = \"" + jwt(`{"sub":"1234567890","name":"Jo Do","iat":1516239022}`) + "\"\n"
	if fs, _ := scan.ScanFile(context.Background(), defaultConfig(t), "auth/doc.go", []byte(ex)); len(fs) != 0 {
		t.Errorf("jwt.io example: %d findings, want none (%s)", len(fs), strings.Join([]string{fs[0].RuleID}, ","))
	}
}
