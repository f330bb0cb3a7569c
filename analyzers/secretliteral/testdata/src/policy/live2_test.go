package policy

import (
	"os"
	"testing"
)

// This live test names no host itself: the package's other test file
// does (live_test.go), so it reaches the same live system.
const stagingAPIToken = "Wm3qT8vXk2LpR9zN4cYh" // want `stagingAPIToken`

func TestStagingReport(t *testing.T) {
	if os.Getenv("STAGING") == "" {
		t.Skip("STAGING is not set")
	}
	_ = stagingAPIToken
}
