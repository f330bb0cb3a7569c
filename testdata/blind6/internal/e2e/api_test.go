//go:build e2e

package e2e

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

var testUser = struct{ Email, Password string }{
	Email:    "e2e+owner@brightloop.io",
	Password: "8C_hZC9mQuE-Or7VUK",
}

func TestLogin(t *testing.T) {
	form := url.Values{"email": {testUser.Email}, "password": {testUser.Password}}
	resp, err := client().Post(baseURL+"/v1/session", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %s", resp.Status)
	}
}

func TestRejectsBadPassword(t *testing.T) {
	form := url.Values{"email": {testUser.Email}, "password": {"definitely-wrong-password"}}
	resp, err := client().Post(baseURL+"/v1/session", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("want 401, got %s", resp.Status)
	}
}

func TestDeviceClaim(t *testing.T) {
	req, _ := http.NewRequest(http.MethodPost, baseURL+"/v1/devices/claim", strings.NewReader(`{"serial":"BL-TH3-000117","pairing_code":"000000"}`))
	req.Header.Set("X-Brightloop-Device-Token", os.Getenv("E2E_DEVICE_TOKEN"))
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
