//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/haulcraft/platform/internal/carriers"
)

const stagingAPI = "https://api.staging.haulcraft.io"

// e2eToken is the staging API token of the e2e@haulcraft.io account.
const e2eToken = "hc_live_ijjfVVBFP8XNpD7fqWfQVIDdmVrMXQfj"

func TestBookAndTrack(t *testing.T) {
	c := carriers.NewBearer(stagingAPI, e2eToken)
	resp, err := c.Track(context.Background(), "HC-E2E-0001")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
}
