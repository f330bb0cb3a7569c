package rules

import (
	"encoding/base64"
	"strings"
	"unicode"
)

// fixtureWords are the words that, in the name a test value is given or
// in the comment just above it, say the value is a fixture made for the
// test: a sample, a dummy, a throwaway key.
// "Fixture" itself is not one: a real key pasted into a fixture file is
// still a leak.
var fixtureWords = map[string]bool{
	"sample": true, "samples": true, "dummy": true, "fake": true, "throwaway": true,
	"example": true, "bogus": true, "placeholder": true,
}

// FixtureMarked reports whether the name a provider-format value in test
// code is given (sampleToken, dummyKey), or the comment just above it
// ("signed by a throwaway key", "not a real key"), says the value is a
// fixture. It is the test policy's complement of ObviouslyFake, which
// looks at the value itself; outside test code neither applies.
func FixtureMarked(name, comment string) bool {
	for _, w := range SplitWords(name) {
		if fixtureWords[w] {
			return true
		}
	}
	if comment == "" {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(comment), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		if fixtureWords[w] {
			return true
		}
		if w == "not" && i+1 < len(words) && (words[i+1] == "real" || words[i+1] == "a" && i+2 < len(words) && words[i+2] == "real") {
			return true
		}
	}
	return false
}

// jwtClaims returns the decoded header and payload of a JWT
// (eyJ….eyJ….sig), or false when s is not one.
func jwtClaims(s string) (string, bool) {
	if !strings.HasPrefix(s, "eyJ") {
		return "", false
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return "", false
	}
	var b strings.Builder
	for _, p := range parts[:2] {
		dec, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(p, "="))
		if err != nil {
			return "", false
		}
		b.Write(dec)
	}
	return b.String(), true
}

// jwtTextSignature reports whether s is a JWT whose signature decodes to
// printable text ("signature-for-fuzzing-only"): a real signature is 32
// or more random bytes, all printable with a chance below one in ten
// million. Such a token was written by hand for a test or a document and
// opens nothing.
func jwtTextSignature(s string) bool {
	if !strings.HasPrefix(s, "eyJ") {
		return false
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return false
	}
	sig, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil || len(sig) < 12 {
		return false
	}
	for _, c := range sig {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// jwtIOExample reports whether s is a token made on jwt.io from its
// example payload ("iat": 1516239022, the debugger's default): a token
// shown in documentation and tests, whatever key signed it.
func jwtIOExample(s string) bool {
	claims, ok := jwtClaims(s)
	return ok && strings.Contains(strings.ReplaceAll(claims, " ", ""), `"iat":1516239022`)
}
