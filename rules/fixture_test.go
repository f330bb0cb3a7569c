package rules

import (
	"crypto/rand"
	"encoding/base64"
	"testing"
)

// makeJWT builds a token with the given payload and a random signature,
// at test time.
func makeJWT(t *testing.T, payload string) string {
	t.Helper()
	sig := make([]byte, 32)
	if _, err := rand.Read(sig); err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(payload)) + "." + enc(sig)
}

func TestFixtureMarked(t *testing.T) {
	for _, tc := range []struct {
		name, comment string
		want          bool
	}{
		{"sampleToken", "", true},
		{"dummy_api_key", "", true},
		{"parserToken", "parserToken was signed by a throwaway key.", true},
		{"key", "not a real key, see the docs", true},
		{"sessionToken", "the session of the load-balancer health check", false},
		{"resampledKey", "", false},
		{"token", "really sensitive", false},
		{"LeakedToken", "LeakedToken is a real-format token someone pasted into a fixture.", false},
	} {
		if got := FixtureMarked(tc.name, tc.comment); got != tc.want {
			t.Errorf("FixtureMarked(%q, %q) = %v, want %v", tc.name, tc.comment, got, tc.want)
		}
	}
}

func TestJWTFixtures(t *testing.T) {
	plain := makeJWT(t, `{"sub":"u-8841","iat":1733000000}`)
	if ObviouslyFake(plain) {
		t.Errorf("ObviouslyFake(a token with plain claims) = true")
	}
	if Classify(plain).Kind != KindLiteral {
		t.Errorf("Classify(a token with plain claims) = %v, want literal", Classify(plain))
	}
	if fake := makeJWT(t, `{"sub":"test-user","iat":1733000000}`); !ObviouslyFake(fake) {
		t.Errorf("ObviouslyFake(a token whose claims say test) = false")
	}
	if ex := makeJWT(t, `{"sub":"1234567890","name":"J D","iat": 1516239022}`); Classify(ex).Kind != KindPlaceholder {
		t.Errorf("Classify(jwt.io's example payload) = %v, want placeholder", Classify(ex))
	}
	if ObviouslyFake("eyJnot.a.jwt") || Classify("eyJhbGciOiJub25lIn0").Kind == KindPlaceholder {
		t.Errorf("a malformed token is judged as text")
	}
}
