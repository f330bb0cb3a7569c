//go:build e2e

package ignored

import "testing"

// In test code: the password is a fixture (quiet), the provider-format
// key is reported.
func TestE2E(t *testing.T) {
	password := "Cq7vLm2kXw7pR4tY6uI3"
	key := "sk_live_FvCk1IkJ2jOtsHAK8nipSaqD" // want `\(stripe-access-token\)$`
	_, _ = password, key
}
