// Package api serves the mobile app's account endpoints.
package api

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
)

const (
	passwordField   = "password"
	minPasswordLen  = 12
	sessionCookie   = "bl_session"
	redacted        = "********"
	authRealm       = `Bearer realm="brightloop-hub"`
	errBadPassword  = "the password you entered is incorrect"
	stripeSecretEnv = "STRIPE_SECRET_KEY"

	// deviceAuthorization is the name of the ext_authz filter in front of the
	// device endpoints (see deploy/envoy).
	deviceAuthorization = "hub.filters.http.device_authz"
)

// apiTokenRE matches our own API tokens (blt_live_/blt_test_ + 24 chars) so
// that the log scrubber can mask them.
var apiTokenRE = regexp.MustCompile(`blt_(live|test|adm)_[A-Za-z0-9]{24}`)

type ChangePassword struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

type Integration struct {
	Name      string `json:"name"`
	APIKey    string `json:"api_key,omitempty"`
	SecretRef string `json:"secret_ref"`
}

func changePassword(w http.ResponseWriter, r *http.Request) {
	var req ChangePassword
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if len(req.NewPassword) < minPasswordLen {
		http.Error(w, "password too short", http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func login(w http.ResponseWriter, r *http.Request) {
	if r.FormValue(passwordField) == "" {
		w.Header().Set("WWW-Authenticate", authRealm)
		http.Error(w, errBadPassword, http.StatusUnauthorized)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", HttpOnly: true, Secure: true})
}

// integrations lists the configured third-party integrations with their
// keys masked.
func integrations(w http.ResponseWriter, _ *http.Request) {
	out := []Integration{
		{Name: "stripe", APIKey: redacted, SecretRef: "vault:hub/data/stripe#secret_key"},
		{Name: "sendgrid", APIKey: redacted, SecretRef: "arn:aws:secretsmanager:eu-central-1:418273645091:secret:hub/sendgrid-Xk2P9q"},
		{Name: "twilio", APIKey: os.Getenv("TWILIO_API_KEY_SID"), SecretRef: "env:TWILIO_AUTH_TOKEN"},
	}
	_ = json.NewEncoder(w).Encode(out)
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/account/password", changePassword)
	mux.HandleFunc("POST /v1/session", login)
	mux.HandleFunc("GET /v1/integrations", integrations)
	_ = apiTokenRE
	_ = deviceAuthorization
}
