package rules

import "testing"

func TestLoginPair(t *testing.T) {
	for _, c := range []struct {
		user, pass string
		want       bool
	}{
		{"admin", "Adm!n-Default-1", true},
		{"billing_svc", "Qm4vLx9Tr2wZ", true},
		{"root", "t0ps3cret!x", true},
		{"Admin", "Adm!n-Default-1", false},         // not a login name as written
		{"db.internal", "5432", false},              // host and port
		{"https", "api.example.com", false},         // scheme and host
		{"mode", "ReadWrite", false},                // key and value: no digit
		{"name", "v1.2.3", false},                   // a version
		{"admin", "changeme", false},                // a placeholder
		{"admin", "/etc/app/pass1.txt", false},      // a path
		{"user", "Primary Replica 2", false},        // words
		{"admin", "${ADMIN_PASSWORD}x1", false},     // a reference
		{"svc", "a-very-long-label-value-1", false}, // a label of words
	} {
		if got := LoginPair(DefaultNames, c.user, c.pass); got != c.want {
			t.Errorf("LoginPair(%q, %q) = %v, want %v", c.user, c.pass, got, c.want)
		}
	}
}
