package policy

import (
	"net/http"
	"os"
	"testing"
)

// A test that skips unless the staging environment is set up, and calls a
// remote host, holds that system's credentials: the sink and name rules
// are not quiet here.
func TestStagingLogin(t *testing.T) {
	if os.Getenv("STAGING") != "1" {
		t.Skip("set STAGING=1 to run against staging")
	}
	req, err := http.NewRequest(http.MethodGet, "https://api.staging.payments-hub.io/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("e2e-runner", "Vq7#nLx2Rm9pZk4W") // reported by secretsink
	const stagingPassword = "Tz4!kWq8Lm2xRv9N"         // want `stagingPassword`
	_ = stagingPassword
}

// Fake and negative-test values stay quiet in a live test.
func TestStagingWrongPassword(t *testing.T) {
	if os.Getenv("STAGING") != "1" {
		t.Skip("set STAGING=1 to run against staging")
	}
	req, _ := http.NewRequest(http.MethodGet, "https://api.staging.payments-hub.io/v1/me", nil)
	req.SetBasicAuth("nobody", "wrong-password-1")
	req.SetBasicAuth("nobody", "fake-Password-99")
}
