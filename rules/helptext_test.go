package rules

import "testing"

func TestHelpText(t *testing.T) {
	usage := `
Usage: vault login [options] [AUTH K=V...]

  Authenticate but do not lookup information about the token:

      $ vault login token=96ddf4bc-d217-f3ba-f9bd-017055595017 lookup=false
`
	for s, want := range map[string]bool{
		usage: true,
		"postgres://app:Hm3vLq2kZx9wP5@db.internal:5432/app":           false,
		"line one\nline two\nline three":                               false,
		"{\n  \"password\": \"x9Lk2mQ7vR4t\",\n  \"user\": \"app\"\n}": false,
	} {
		if got := HelpText(s); got != want {
			t.Errorf("HelpText(%q) = %v, want %v", s, got, want)
		}
	}
}
