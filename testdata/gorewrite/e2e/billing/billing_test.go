package billing

import "testing"

// The package's tests of code that uses no secret run without a store.
func TestUserAgent(t *testing.T) {
	if UserAgent() != "billing/1.0" {
		t.Fatal(UserAgent())
	}
}
