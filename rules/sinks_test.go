package rules

import "testing"

// TestSchemeCredential checks which header values carry a credential by
// their form, and where it starts.
func TestSchemeCredential(t *testing.T) {
	for _, c := range []struct {
		v     string
		start int // -1: not a credential
	}{
		{"Bearer Zq9vLm2kXw7p4411abcQ", 7},
		{"basic dXNlcjpQYTU1LXdvcmQtNzc=", 6},
		{"Token token=Zq9vLm2kXw7p4411abcQ", 12},
		{`Token token="Zq9vLm2kXw7p4411abcQ"`, 13},
		{"Bearer", -1},
		{"Bearer ", -1},
		{"Negotiate Zq9vLm2kXw7p4411abcQ", -1},
		// challenges and parameter lists, not credentials
		{`Basic realm="metrics"`, -1},
		{`Basic realm=metrics`, -1},
		{`Bearer realm="api", error="invalid_token"`, -1},
		{`Bearer error=invalid_token`, -1},
		{`Token token="a b"`, -1},
	} {
		start, ok := SchemeCredential(DefaultNames, c.v)
		if ok != (c.start >= 0) || ok && start != c.start {
			t.Errorf("SchemeCredential(%q) = %d, %v; want %d", c.v, start, ok, c.start)
		}
	}
}
