package goscan

import (
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/rules"
)

// TestFoldedProviderKeys: a provider-format key split across a constant
// concatenation is offered to the provider rules whole; one a single
// literal or constant already holds whole is the text pass's.
func TestFoldedProviderKeys(t *testing.T) {
	det, err := rules.DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Detect: func(c string) []rules.Match { return det.Detect("p.go", c) }}
	tail := fakesecret.Password(24)
	pat := "ghp_" + fakesecret.Password(36)
	for name, tc := range map[string]struct {
		src  string
		want int
	}{
		"split by a constant": {"package p\nconst keyPrefix = \"sk_live_\"\nconst StripeKey = keyPrefix + \"" + tail + "\"\n", 1},
		"split in literals":   {"package p\nvar k = \"sk_live_\" + \"" + tail + "\"\n", 1},
		"whole in a constant": {"package p\nconst tok = \"" + pat + "\"\nvar u = tok + \"/suffix/of/a/url\"\n", 0},
		"no provider format":  {"package p\nconst a = \"hello \"\nvar b = a + \"world of constants\"\n", 0},
	} {
		fs, err := Scan("p.go", []byte(tc.src), opts)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range fs {
			if f.RuleID == "stripe-access-token" || f.RuleID == "github-pat" {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("%s: %d provider findings, want %d (%v)", name, n, tc.want, fs)
		}
	}
}
