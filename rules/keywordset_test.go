package rules

import (
	"math/rand/v2"
	"slices"
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

// naiveHits lists every occurrence of every keyword, ASCII case ignored,
// in the order the automaton reports them: by end, longer first.
func naiveHits(s string, kws []string) []kwHit {
	lb := []byte(s)
	for i, c := range lb {
		lb[i] = lower(c)
	}
	ls := string(lb)
	var out []kwHit
	for end := 1; end <= len(s); end++ {
		var at []kwHit
		for k, kw := range kws {
			if kw != "" && len(kw) <= end && ls[end-len(kw):end] == kw {
				at = append(at, kwHit{start: end - len(kw), kw: int32(k)})
			}
		}
		slices.SortStableFunc(at, func(a, b kwHit) int { return a.start - b.start })
		out = append(out, at...)
	}
	return out
}

// TestKeywordMatcherFindAll checks the four-stream search against a naive
// one, on inputs long enough for the streams and with keywords straddling
// the quarter boundaries.
func TestKeywordMatcherFindAll(t *testing.T) {
	kws := []string{"key", "api_key", "token", "secret", "ret", "a", "passwd", "pwd", "ldap ", "--pass", "redis-cli"}
	m := newKeywordMatcher(kws)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "apikeyAPIKEY_tokensecretpwd-ldapredis-cli \n\x80xyz"
	var scratch [3][]kwHit
	for _, n := range []int{0, 1, 7, 100, 4*m.maxLen + 1023, 4*m.maxLen + 1024, 4*m.maxLen + 1027, 5000, 20011} {
		for range 5 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			s := string(b)
			got := m.findAll(s, nil, &scratch)
			want := naiveHits(s, kws)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d: findAll found %d hits, the naive search %d", n, len(got), len(want))
			}
		}
	}
}
