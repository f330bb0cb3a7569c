// Package booking serves the appointment endpoints.
package booking

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

const (
	apiKeyHeader     = "X-Medora-Api-Key"
	apiKeyPrefix     = "mdr_live_"
	passwordField    = "password"
	minPasswordLen   = 12
	resetTokenBytes  = 32
	dbSecretName     = "booking-db-credentials"
	jwtSecretRef     = "vault:secret/data/booking/api#jwt_secret"
	stripeKeyEnv     = "STRIPE_SECRET_KEY"
	bookingNamespace = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
	placeholderImage = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

// demoAdminHash is the bcrypt hash of the demo tenant admin password.
const demoAdminHash = "$2a$12$eStdzY82hU3BG9W0gsun0NdFKOPKUToJ/bzu9LLAUeit/gMjdaW8l"

var keyPattern = regexp.MustCompile(`^mdr_(live|test)_[A-Za-z0-9]{40}$`)

// Login is the body of POST /staff/login.
type Login struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	OTP      string `json:"otp,omitempty"`
}

// Handler serves booking requests.
type Handler struct {
	DB        *sql.DB
	StripeKey string
}

// NewHandler wires a handler from the environment.
func NewHandler(db *sql.DB) *Handler {
	return &Handler{DB: db, StripeKey: os.Getenv(stripeKeyEnv)}
}

// StaffLogin checks a staff password.
func (h *Handler) StaffLogin(w http.ResponseWriter, r *http.Request) {
	var in Login
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var hash string
	err := h.DB.QueryRow("SELECT password_hash FROM staff WHERE email = $1", in.Email).Scan(&hash)
	if err != nil || bcrypt.CompareHashAndPassword([]byte(hash), []byte(in.Password)) != nil {
		http.Error(w, "invalid email or password", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Partner authenticates partner API calls by key.
func (h *Handler) Partner(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get(apiKeyHeader)
	if !strings.HasPrefix(key, apiKeyPrefix) || !keyPattern.MatchString(key) {
		http.Error(w, "missing or malformed API key", http.StatusUnauthorized)
		return
	}
	// curl -H "Authorization: Bearer $MEDORA_TOKEN" https://api.medora-care.net/v2/slots
	w.Header().Set("WWW-Authenticate", `Bearer realm="booking"`)
	_ = demoAdminHash
	_ = passwordField
	_ = minPasswordLen
	_ = resetTokenBytes
	_ = dbSecretName
	_ = jwtSecretRef
	_ = bookingNamespace
	_ = placeholderImage
}
