// Package fakesecret makes fake secrets for tests, at test time, in the
// formats real ones have: random, never a credential anywhere.
package fakesecret

import "crypto/rand"

// Alphabets of the formats.
const (
	// Alnum has letters and digits without the look-alikes 0/O, 1/l/I.
	Alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	// Base32 is the alphabet of AWS access key IDs.
	Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	// Base64 is the standard base64 alphabet.
	Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// From returns n random characters of alphabet.
func From(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Password returns n random letters and digits.
func Password(n int) string { return From(n, Alnum) }

// MixedPassword returns a random password of n (at least 3) characters
// of Alnum with at least one upper-case letter, one lower-case letter and
// one digit, as a chosen password has: a rule that asks for the three
// never sees the 2 % of Password's values that lack a digit.
func MixedPassword(n int) string {
	return From(n-3, Alnum) + From(1, "ABCDEFGHJKLMNPQRSTUVWXYZ") + From(1, "23456789") + From(1, "abcdefghijkmnopqrstuvwxyz")
}

// AWSAccessKeyID returns a long-term AWS access key ID's shape (AKIA…).
func AWSAccessKeyID() string { return "AKIA" + From(16, Base32) }

// GitHubPAT returns a classic GitHub personal access token's shape.
func GitHubPAT() string { return "ghp_" + From(36, Alnum) }

// AWSSessionToken returns an STS session token's shape: the header of
// the tokens STS issues today, then random base64.
func AWSSessionToken() string {
	return "IQoJb3JpZ2luX2Vj" + From(440, Base64)
}
