//go:build e2e

package e2e

import (
	"flag"
	"net/http"
	"testing"
)

var staging = flag.String("staging", "https://staging.medora-care.net", "base URL of the staging site")

func TestReceptionLogin(t *testing.T) {
	resp, err := login(*staging, "qa-reception@medora-care.net")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %s", resp.Status)
	}
}

func TestAdminHealth(t *testing.T) {
	req, err := adminRequest(*staging, "/admin/health")
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("e2e-runner", "KMrUgpPj_nWyAqVBU-SHd4")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
