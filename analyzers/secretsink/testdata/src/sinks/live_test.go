package sinks

import (
	"net/http"
	"os"
	"testing"
)

// A test that skips unless staging is set up and calls a remote host holds
// that system's credentials: credential sinks are not quiet there, except
// for fake and negative-test values.
func TestStagingLogin(t *testing.T) {
	if _, ok := os.LookupEnv("STAGING_URL"); !ok {
		t.Skip("STAGING_URL is not set")
	}
	req, _ := http.NewRequest("GET", "https://orders.staging.payments-hub.io/v1/me", nil)
	req.SetBasicAuth("e2e-runner", "Vq7#nLx2Rm9pZk4W") // want `literal password reaches \(\*net/http.Request\).SetBasicAuth \(credential-sink\)`
	req.SetBasicAuth("nobody", "wrong-password-1")
	req.SetBasicAuth("nobody", "incorrect-Pass-9")
}
