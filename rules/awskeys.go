package rules

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// AWS credential pairs. gitleaks' aws-access-token accepts a key id only
// in base32 (AKIA + [A-Z2-7]{16}), the alphabet AWS encodes ids in today;
// trufflehog and detect-secrets accept [A-Z0-9]{16}, and so does this
// file, but only for an id that has a secret access key next to it: the
// pair is a credential in AWS's format wherever it is written, test code
// included (rules.QuietInTests). The secret access key is 40 characters
// of base64 ([A-Za-z0-9/+]); it is reported as aws-secret-access-key when
// an access key id (either alphabet) stands within a few lines of it, or
// when it is written under a name that says it is one
// (aws_secret_access_key, SecretAccessKey, AWS_SECRET_KEY): the two
// contexts trufflehog (pairing) and detect-secrets (the name) use.

// AWSSecretKeyRuleID is the rule of a secret access key.
const AWSSecretKeyRuleID = "aws-secret-access-key"

const awsIDRuleID = "aws-access-token" // gitleaks' rule for key ids

var (
	awsLooseID   = regexp.MustCompile(`\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`)
	awsStrictID  = regexp.MustCompile(`^(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$`)
	awsSecretKey = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`)
)

// awsPairLines is how many lines apart an id and its secret may stand.
const awsPairLines = 6

// AWSSecretKeyShape reports whether v has the shape of an AWS secret
// access key: 40 characters of base64 with upper and lower case letters
// and digits, random enough, not hex and not a documented example.
func AWSSecretKeyShape(v string) bool {
	if len(v) != 40 || IsExample(v) || strings.Trim(v, base64Chars) != "" {
		return false
	}
	return MixedCase(v) && shannonEntropy(v) >= 4.2
}

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"

// MixedCase reports whether v has an upper and a lower case ASCII letter
// and a digit.
func MixedCase(v string) bool {
	up, low, dig, _ := CharClasses(v)
	return up && low && dig
}

// CharClasses reports which classes of ASCII characters v has: upper and
// lower case letters, digits, and anything else.
func CharClasses(v string) (up, low, dig, other bool) {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'A' && c <= 'Z':
			up = true
		case c >= 'a' && c <= 'z':
			low = true
		case c >= '0' && c <= '9':
			dig = true
		default:
			other = true
		}
	}
	return up, low, dig, other
}

// AWSSecretKeyName reports whether a name says that its value is an AWS
// secret access key: its words hold secret and key together with access
// or aws (aws_secret_access_key, SecretAccessKey, AWS_SECRET_KEY,
// awsSecretKey).
func AWSSecretKeyName(name string) bool {
	var secret, key, access, aws bool
	for _, w := range SplitWords(name) {
		switch strings.ToLower(w) {
		case "secret":
			secret = true
		case "key":
			key = true
		case "access":
			access = true
		case "aws":
			aws = true
		case "secretkey":
			secret, key = true, true
		case "secretaccesskey":
			secret, key, access = true, true, true
		}
	}
	return secret && key && (access || aws)
}

// CheckAWSSecretKey is aws-secret-access-key's decision on a name and a
// value (the pairing with a key id is DetectAWSPairs').
func CheckAWSSecretKey(c Candidate) Verdict {
	if !AWSSecretKeyName(c.Name) {
		return Verdict{Reason: "not an AWS secret access key name"}
	}
	if !AWSSecretKeyShape(c.Value) {
		return Verdict{Reason: "not 40 random base64 characters"}
	}
	return Verdict{Match: true, Reason: "aws secret access key"}
}

// AWSSecretAccessKey: an AWS secret access key (the secret half of a key
// pair).
func AWSSecretAccessKey() *Rule {
	return &Rule{
		ID:          AWSSecretKeyRuleID,
		Title:       "aws secret access key",
		Description: "An AWS secret access key: 40 base64 characters next to an access key id or under a name that says so.",
		Severity:    finding.SeverityCritical, // as gitleaks' aws-access-token
		Source:      "secretlint",
		Provider:    true,
		Scope:       "any",
		Help: help("With its access key id, a secret access key signs requests as its IAM user until it is deactivated.",
			"deactivate the key pair in IAM, create a new one, and give the program its credentials through the environment, a profile or a role instead of the source.", AWSSecretKeyRuleID),
		Check: CheckAWSSecretKey,
		TruePositives: []Sample{
			{Name: "aws_secret_access_key", Value: "leBt0ctarYWLQJTycxzMM4E8O2e5SG/IDFZ/IPIX"},
			{Name: "StagingSecretAccessKey", Value: "Zq9vLm2kXw7pR4tY6uI3bN8cV5xA1sD0fG/hJ+kL"},
		},
		FalsePositives: []Sample{
			{Name: "aws_secret_access_key", Value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Why: "AWS's documentation example"},
			{Name: "aws_secret_access_key", Value: "da39a3ee5e6b4b0d3255bfef95601890afd80709", Why: "hex: a SHA-1"},
			{Name: "client_secret", Value: "leBt0ctarYWLQJTycxzMM4E8O2e5SG/IDFZ/IPIX", Why: "not an AWS name"},
		},
	}
}

// extraAWSMatch reports whether a detector match is this file's, not
// gitleaks' (the differential test against gitleaks sets them apart).
func extraAWSMatch(m Match) bool {
	return m.RuleID == AWSSecretKeyRuleID || m.RuleID == AWSSessionTokenRuleID || m.RuleID == awsIDRuleID && !awsStrictID.MatchString(m.Secret)
}

// detectAWSPairs finds, in content where gitleaks' aws-access-token
// already ran (found holds its matches), the key ids outside its base32
// alphabet and the secret access keys that stand within awsPairLines of
// an id. It returns matches under aws-access-token (the ids gitleaks'
// alphabet left out) and aws-secret-access-key.
func detectAWSPairs(content string, found []Match) []Match {
	type idAt struct{ start, end int }
	var ids []idAt
	seen := map[int]bool{}
	for _, m := range found {
		if m.RuleID == awsIDRuleID {
			ids = append(ids, idAt{m.Start, m.End})
			seen[m.Start] = true
		}
	}
	var loose []Match
	for _, sp := range awsLooseID.FindAllStringIndex(content, -1) {
		v := content[sp[0]:sp[1]]
		if seen[sp[0]] || awsStrictID.MatchString(v) {
			continue // gitleaks' to report (or to allow)
		}
		if IsExample(v) || shannonEntropy(v) < 3 {
			continue
		}
		ids = append(ids, idAt{sp[0], sp[1]})
		loose = append(loose, Match{RuleID: awsIDRuleID, Secret: v, Start: sp[0], End: sp[1], MatchStart: sp[0], MatchEnd: sp[1], Entropy: shannonEntropy(v)})
	}
	if len(ids) == 0 {
		return nil
	}
	near := func(a, b int) bool {
		if a > b {
			a, b = b, a
		}
		return b-a <= 2000 && strings.Count(content[a:b], "\n") <= awsPairLines
	}
	var out []Match
	paired := map[int]bool{}
	for _, sp := range awsSecretKey.FindAllStringSubmatchIndex(content, -1) {
		s, e := sp[2], sp[3]
		v := content[s:e]
		if !AWSSecretKeyShape(v) {
			continue
		}
		hit := false
		for i, id := range ids {
			if near(id.start, s) {
				paired[i], hit = true, true
			}
		}
		if hit {
			out = append(out, Match{RuleID: AWSSecretKeyRuleID, Secret: v, Start: s, End: e, MatchStart: s, MatchEnd: e, Entropy: shannonEntropy(v)})
		}
	}
	// A loose id is reported only with its secret.
	n := len(ids) - len(loose)
	for i, m := range loose {
		if paired[n+i] {
			out = append(out, m)
		}
	}
	return out
}

// AWS STS session tokens. The token of temporary credentials
// (AssumeRole, GetSessionToken, SSO, an instance's role) is base64 of a
// binary structure whose first bytes name its origin: "\x21\n\torigin_ec…"
// (IQoJb3JpZ2luX2Vj…, the tokens STS issues today; the first byte, the
// length, varies), "\x17\n\x06er/aws…" (FwoGZXIvYXdz…, before 2019) and
// "\x15\n\x03aws…" (FQoDYXdz…, older). It is hundreds of characters long
// and works, with its key pair, until it expires (up to 36 hours): a
// provider format wherever it is written, test code included. A word
// standing in for one (SESSION, TOKEN, <session-token>) has none of these
// prefixes and is not one.

// AWSSessionTokenRuleID is the rule of an STS session token.
const AWSSessionTokenRuleID = "aws-session-token"

// awsSessionMarkers are the base64 runs every session token holds at
// offset 2 ("origin_ec", "er/aws", "aws" after the header bytes): the
// cheap test before the expression runs.
var awsSessionMarkers = []string{"oJb3JpZ2luX2Vj", "oGZXIvYXdz", "oDYXdz"}

// minSessionToken is the shortest token accepted: real ones are 300 to
// 1200 characters; the marker and 100 more rule out a prefix quoted in
// documentation.
const minSessionToken = 120

var (
	awsSessionToken      = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{2}(?:oJb3JpZ2luX2Vj|oGZXIvYXdz|oDYXdz)[A-Za-z0-9/+]{100,}={0,2})`)
	awsSessionTokenWhole = regexp.MustCompile(`^[A-Za-z0-9/+]{2}(?:oJb3JpZ2luX2Vj|oGZXIvYXdz|oDYXdz)[A-Za-z0-9/+]{100,}={0,2}$`)
)

// AWSSessionTokenShape reports whether v is an STS session token: one of
// the prefixes above, base64 of at least minSessionToken characters, random
// after its header, not a documented example.
func AWSSessionTokenShape(v string) bool {
	if len(v) < minSessionToken || !awsSessionTokenWhole.MatchString(v) || IsExample(v) || strings.Contains(v, "EXAMPLE") {
		return false
	}
	return shannonEntropy(v[16:]) >= 4.5
}

// mayHoldSessionToken is the cheap test of content for detectAWSSessions.
func mayHoldSessionToken(content string) bool {
	for _, m := range awsSessionMarkers {
		if strings.Contains(content, m) {
			return true
		}
	}
	return false
}

// detectAWSSessions finds the session tokens in content.
func detectAWSSessions(content string) []Match {
	var out []Match
	for _, sp := range awsSessionToken.FindAllStringSubmatchIndex(content, -1) {
		s, e := sp[2], sp[3]
		if v := content[s:e]; AWSSessionTokenShape(v) {
			out = append(out, Match{RuleID: AWSSessionTokenRuleID, Secret: v, Start: s, End: e, MatchStart: s, MatchEnd: e, Entropy: shannonEntropy(v)})
		}
	}
	return out
}

// CheckAWSSessionToken is aws-session-token's decision on a value, under
// any name.
func CheckAWSSessionToken(c Candidate) Verdict {
	if !AWSSessionTokenShape(c.Value) {
		return Verdict{Reason: "not an STS session token"}
	}
	return Verdict{Match: true, Reason: "aws session token"}
}

// sampleSessionToken returns a value in a session token's format for the
// rule's samples: the prefix, then base64 of a SHA-256 chain of a fixed
// seed (generated, never issued by AWS).
func sampleSessionToken(prefix string, n int) string {
	var raw []byte
	h := sha256.Sum256([]byte("secretlint sample session token"))
	for len(raw) < n {
		raw = append(raw, h[:]...)
		h = sha256.Sum256(h[:])
	}
	return prefix + base64.StdEncoding.EncodeToString(raw[:n])
}

// AWSSessionToken: the session token of temporary AWS credentials.
func AWSSessionToken() *Rule {
	return &Rule{
		ID:          AWSSessionTokenRuleID,
		Title:       "aws session token",
		Description: "An AWS STS session token (IQoJb3JpZ2luX2Vj…, FwoGZXIvYXdz…): the third part of temporary credentials, hundreds of base64 characters.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Provider:    true,
		Scope:       "any",
		Help: help("With its key pair, a session token acts as the role or user that requested it until it expires (up to 36 hours); a token in source is usually one copied from a terminal and still valid.",
			"revoke the role's active sessions in IAM (or wait for the expiry) and let the SDK obtain temporary credentials at run time (a profile, SSO or the instance's role).", AWSSessionTokenRuleID),
		Check: CheckAWSSessionToken,
		TruePositives: []Sample{
			{Name: "aws_session_token", Value: sampleSessionToken("IQoJb3JpZ2luX2Vj", 300)},
			{Name: "", Value: sampleSessionToken("FwoGZXIvYXdzE", 240)},
		},
		FalsePositives: []Sample{
			{Name: "SessionToken", Value: "SESSION", Why: "a word standing in for a token"},
			{Name: "aws_session_token", Value: "IQoJb3JpZ2luX2Vj", Why: "the prefix alone, as documentation quotes it"},
			{Name: "aws_session_token", Value: sampleSessionToken("AQoDYXdzEJr", 300)[:60], Why: "too short"},
			{Name: "aws_session_token", Value: "IQoJb3JpZ2luX2Vj" + strings.Repeat("A", 200), Why: "not random"},
		},
	}
}
