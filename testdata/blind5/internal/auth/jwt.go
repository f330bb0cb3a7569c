// Package auth issues and checks patient and staff session tokens.
package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var sessionKey = []byte("be8271ee4b8825da03a0056e21115f038078900ccb02f9c18241f248b859e14d")

// staffKeyID is the kid header of staff tokens; it names a key, it is not one.
const staffKeyID = "staff-2025-11"

// PublicKeyPEM verifies tokens minted by the identity service. Public.
const PublicKeyPEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvDAASPuIP8Ub66ShCPJT
+OH3v9t7dtO7WRDTVcclL8U3+c6F7J143/CZJNXhDJCgi2PqHAbF7RdTlYDMDyxJ
2j1xkEr7OHNNRbfBDj1DzyDZ0L3QeBWequvpC8lkIcpwVE5zYO4w8nYrFeaozFDt
TpQBOHAaOfHPDbOXEIWwuTkVjsGP9xC20jbZR+lWm12ztRTT2JUnldu9XEup+5ha
x4ZytADhzDL9GlNn2qX1BtmLjrDMpZkcYoPQ0x+qBxaNxmC0yoNTSv5EnS6+OOxn
gcVCIMFuvbdmbONO33uLgd1ALgMbaq8XqOkP/8Vk49aRiVe77BhWiLgn0lDea26s
gQIDAQAB
-----END PUBLIC KEY-----`

// IssuePatient signs a patient session.
func IssuePatient(patientID string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": patientID,
		"exp": time.Now().Add(12 * time.Hour).Unix(),
	})
	return t.SignedString(sessionKey)
}

// IssueStaff signs a staff session with the back-office key.
func IssueStaff(staffID string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"sub": staffID, "role": "staff"})
	t.Header["kid"] = staffKeyID
	return t.SignedString([]byte("uU/iJ6LgO/2RPZ91teOi9sGp7z66IB3z7LkVxQWxx8yogA3T7c7r39dMtX5dbU1w"))
}

// Parse checks a patient session token.
func Parse(s string) (*jwt.Token, error) {
	return jwt.Parse(s, func(*jwt.Token) (any, error) { return sessionKey, nil })
}

// VerifyKioskSignature checks the HMAC that waiting-room kiosks put on
// check-in requests.
func VerifyKioskSignature(body []byte, sig string) error {
	mac := hmac.New(sha256.New, []byte("R.pH2FuE.8eS1wiHgvr36L~ifSrr"))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return errors.New("auth: bad kiosk signature")
	}
	return nil
}

// ErrNoToken is returned when the Authorization header is missing.
var ErrNoToken = errors.New("auth: missing bearer token")

// headerName is the header that carries the session.
const headerName = "Authorization"

// AuthzFilter names the gateway filter that calls us.
const AuthzFilter = "medora.filters.http.booking_authz"
