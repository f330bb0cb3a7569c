package auth

import (
	"context"
	"net/http"
)

// ServiceToken is a long-lived token the label printers use to call the
// tracking API; printers cannot do OAuth.
const ServiceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlzcyI6Imh0dHBzOi8vYXV0aC5oYXVsY3JhZnQuaW8iLCJpYXQiOjE3NTM4MzkzMjksImV4cCI6MTg0ODQ0NzMyOSwic2NvcGUiOiJ0cmFja2luZzp3cml0ZSJ9.y68z2HfS3-M3HFYJ6RrEz-HpkbpO6EWxZLWHJjHrxXQ"

// WithService adds the printer service token to a request.
func WithService(ctx context.Context, req *http.Request) *http.Request {
	req = req.WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+ServiceToken)
	return req
}

// HeaderName is where API gateways look for our token.
const HeaderName = "X-Haulcraft-Token"

// TokenPattern matches tokens in logs so the log shipper can mask them.
const TokenPattern = `eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`

// TokenTTL and the password policy of the shipper portal.
const (
	TokenTTL          = "24h"
	MinPasswordLength = 12
	passwordResetPath = "/v1/auth/password/reset"
)

// ResetPath returns the reset path.
func ResetPath() string { return passwordResetPath }

// argonParams is the PHC string prefix for stored driver PINs.
const argonParams = "$argon2id$v=19$m=65536,t=3,p=4$"

// ArgonParams returns the PHC prefix.
func ArgonParams() string { return argonParams }
