package rules

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

// fakeAWSSecret returns a secret access key's shape: 40 base64
// characters with upper and lower case letters and digits.
func fakeAWSSecret() string { return fakesecret.Password(36) + "/Q7k" }

func TestDetectAWSPairs(t *testing.T) {
	det, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	strict := fakesecret.AWSAccessKeyID()
	loose := "AKIA" + fakesecret.From(14, fakesecret.Base32) + "9Q" // a 9: outside gitleaks' base32
	secret := fakeAWSSecret()
	count := func(ms []Match, rule, secret string) int {
		n := 0
		for _, m := range ms {
			if m.RuleID == rule && m.Secret == secret {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name, content    string
		id               string
		wantID, wantPair int
	}{
		{"strict id with its secret", "const (\n\tKeyID = \"" + strict + "\"\n\tSecret = \"" + secret + "\"\n)\n", strict, 1, 1},
		{"loose id with its secret", "[staging]\naws_access_key_id = " + loose + "\naws_secret_access_key = " + secret + "\n", loose, 1, 1},
		{"loose id alone", "id: " + loose + "\n", loose, 0, 0},
		{"secret far from the id", "id: " + strict + "\n" + strings.Repeat("x: y\n", 10) + "s: " + secret + "\n", strict, 1, 0},
		{"hex is no secret key", "id: " + strict + "\nsha: " + strings.Repeat("a1b2c3d4e5", 4) + "\n", strict, 1, 0},
		{"documentation example", "id: AKIAIOSFODNN7EXAMPLE\nkey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "AKIAIOSFODNN7EXAMPLE", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := det.Detect("x.txt", tc.content)
			if got := count(ms, awsIDRuleID, tc.id); got != tc.wantID {
				t.Errorf("key id matches = %d, want %d", got, tc.wantID)
			}
			pairs := 0
			for _, m := range ms {
				if m.RuleID == AWSSecretKeyRuleID {
					pairs++
					if tc.content[m.Start:m.End] != m.Secret {
						t.Errorf("span [%d,%d) does not hold the secret", m.Start, m.End)
					}
				}
			}
			if pairs != tc.wantPair {
				t.Errorf("secret access key matches = %d, want %d", pairs, tc.wantPair)
			}
		})
	}
	if QuietInTests(AWSSecretKeyRuleID) {
		t.Errorf("%s is quiet in tests: a provider format is reported there", AWSSecretKeyRuleID)
	}
}

func TestAWSSecretKeyName(t *testing.T) {
	for name, want := range map[string]bool{
		"aws_secret_access_key": true, "SecretAccessKey": true, "AWS_SECRET_KEY": true, "awsSecretKey": true,
		"StagingSecretAccessKey": true, "secret_key": false, "client_secret": false, "AccessKeyID": false,
	} {
		if got := AWSSecretKeyName(name); got != want {
			t.Errorf("AWSSecretKeyName(%q) = %v, want %v", name, got, want)
		}
	}
}
