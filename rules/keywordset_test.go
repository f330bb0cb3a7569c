package rules

import (
	"strconv"
	"strings"
	"testing"
)

func TestKeywordSet(t *testing.T) {
	k := NewKeywordSet([]string{"Pass", "token", ""})
	if got := k.Words(); strings.Join(got, ",") != "pass,token" {
		t.Errorf("Words() = %v, want [pass token]", got)
	}
	var hits []string
	k.Scan("DB_PASSWORD and a ToKeN", func(w, start int) bool {
		hits = append(hits, k.words[w]+"@"+strconv.Itoa(start))
		return true
	})
	if strings.Join(hits, " ") != "pass@3 token@18" {
		t.Errorf("Scan hits = %v, want [pass@3 token@18]", hits)
	}
	if !k.Contains("x-passwd") || k.Contains("nothing here") {
		t.Errorf("Contains: got wrong answers")
	}
	if NewKeywordSet(nil).Contains("password") {
		t.Errorf("empty set contains a word")
	}
}

// TestFragmentsCoverNames checks the property Fragments promises: every
// name Match accepts contains a fragment.
func TestFragmentsCoverNames(t *testing.T) {
	n := NewNames([]string{"recovery_code", "PIN"}, nil)
	k := NewKeywordSet(n.Fragments())
	names := []string{"password", "DBPassword", "db_pass", "apiKey", "api_key", "APIKEY", "CLIENT_SECRET",
		"jwtSecret", "privateKeyPEM", "SMTP_PW", "basic_auth", "connection_string", "connStr", "recoveryCode",
		"user_pin", "aws_secret_access_key", "x-auth-token", "spring.datasource.password", "hmacKey", "PSK"}
	for _, name := range names {
		if _, ok := n.Match(name); !ok {
			t.Errorf("Match(%q) = false; the test expects a secret name", name)
			continue
		}
		if !k.Contains(name) {
			t.Errorf("no fragment of %v in secret name %q", n.Fragments(), name)
		}
	}
}
