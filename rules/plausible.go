package rules

import (
	"encoding/base64"
	"regexp"
	"strings"
)

// GenericRuleID is gitleaks' catch-all rule: a key-like name followed by
// a value with some entropy.
const GenericRuleID = "generic-api-key"

// nonSecretHeads are last words of a name that say its value is public
// even when the name contains a secret-ish keyword (client_id, auth_user).
var nonSecretHeads = map[string]bool{
	"id": true, "ids": true, "name": true, "user": true, "username": true, "login": true,
	"email": true, "url": true, "uri": true, "host": true, "endpoint": true, "region": true,
	"path": true, "file": true, "type": true, "version": true,
	// what kind of key, not the key: key-algo, token_format, key_size
	"algo": true, "algorithm": true, "alg": true, "cipher": true, "format": true, "kind": true,
	"size": true, "length": true, "bits": true, "mode": true,
	// digests and fingerprints are public by design
	"fingerprint": true, "hash": true, "digest": true, "checksum": true, "sha": true,
	"sha1": true, "sha256": true, "sha512": true, "md5": true,
	"h1": true, // go.sum and vendor.sum module hashes

}

// publicWords are words of a name that say its value is public by design,
// wherever they stand in the name: a publishable key is embedded in web
// pages, an Application Insights instrumentation key in every client.
var publicWords = map[string]bool{"publishable": true, "instrumentation": true}

// publicPairs are adjacent words of a name that say the same: the site
// key of reCAPTCHA, hCaptcha and Turnstile (its pair is the secret key)
// and Algolia's search-only key are embedded in every page.
var publicPairs = map[[2]string]bool{{"site", "key"}: true, {"search", "key"}: true, {"search", "only"}: true}

// publicName reports whether the words of a name say its value is public
// by design (publicWords, publicPairs).
func publicName(words []string) bool {
	for i, w := range words {
		if publicWords[w] || i > 0 && publicPairs[[2]string{words[i-1], w}] {
			return true
		}
	}
	return false
}

// Plausible reports whether a gitleaks match in content can be a secret
// where it was found. gitleaks' rules see text; two things they miss:
//
//   - inside a PEM block (a certificate, a public key), a match is a run
//     of its base64 body (EAAA… looks like a Square token); the
//     private-key rule reports a PEM private key whole;
//   - a match that the shared classifier calls a placeholder or a
//     reference (curl -H "Authorization: Bearer YOUR_API_KEY");
//   - generic-api-key takes values that are not secrets (GenericPlausible).
func Plausible(content string, m Match) bool { return plausible(content, m, nil) }

func plausible(content string, m Match, pem *PEMIndex) bool {
	if m.RuleID != "private-key" && (pem == nil && InPEMBody(content, m.Start) || pem != nil && pem.InBody(m.Start)) {
		return false
	}
	if m.RuleID == "launchdarkly-sdk-key" && m.Start > 0 && m.Start <= len(content) && isKeyNameByte(content[m.Start-1]) {
		return false // tracing-sdk-<uuid>: part of a name
	}
	if m.RuleID == "gcp-api-key" && FirebaseWebConfig(content, m.Start, m.End) {
		return false
	}
	v := m.Secret
	if kv := reKeyColonValue.FindStringSubmatch(v); kv != nil {
		// Rules whose secret is the whole "key: value" line (gitleaks'
		// kubernetes-secret-yaml): a certificate's key holds no secret.
		if publicKeyName(kv[1]) {
			return false
		}
		if publicDataKey(kv[1]) {
			// username: ZGlzcGF0Y2g=, host: …: what the Secret is for,
			// as kubernetes-secret-data judges it; a URL may carry a
			// password (url-credentials decides).
			if dec, ok := decodeBase64Text(kv[2]); ok && !strings.Contains(dec, "://") {
				return false
			}
		}
		if dec, ok := decodeBase64Text(kv[2]); ok && settingsDocument(kv[1], dec) {
			// A configuration file: a secret when it holds one
			// (CheckSecretData), whatever its text reads as.
			return settingsCredential(DefaultNames, dec)
		}
		v = kv[2]
	}
	switch c := Classify(v); c.Kind {
	case KindEmpty, KindPlaceholder, KindReference, KindReferenceDefault:
		// "Authorization: Bearer YOUR_API_KEY" in a curl example.
		return false
	case KindNotSecret:
		if strings.HasPrefix(c.Reason, "base64 of ") {
			return false // base64 of prose or a name: "this_is_the_secret"
		}
		if c.Reason == "identifier or key name" || c.Reason == "dotted name" || c.Reason == PublicByDesign || c.Reason == "password hash" {
			return false // Authorization: Bearer dummy_token, pk_live_…
		}
	}
	if PublicPEMBase64(v) {
		return false
	}
	if m.RuleID != "private-key" && (reXRun.MatchString(v) || sameRun(v, 10)) {
		// A provider format filled in with a placeholder run (a Slack
		// webhook .../T00000000/B00000000/XXXXXXXX…, sk_live_xxxxx…,
		// sk_live_aaaaaaaaaaaa…): a run of five x's, three *'s, eight
		// 0's or ten of one letter or digit is one chance in billions in
		// a generated key. Classify reads a whole URL as a URL, so the
		// run is looked for in the match itself.
		return false
	}
	return GenericPlausible(content, m)
}

var reKeyColonValue = regexp.MustCompile(`^["']?([\w.\-]+)["']?:\s+["']?([^"'\s]+)["']?\s*$`)

// publicKeyName reports whether a Kubernetes Secret data key names a
// certificate or a public key (tls.crt, ca.crt, tls.ca, id_rsa.pub).
func publicKeyName(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{".crt", ".cer", ".cert", ".pub", ".ca"} {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return k == "ca" || k == "cacert" || k == "ca-cert" || k == "certificate"
}

// FirebaseWebConfig reports whether the API key at content[start:end] is
// the apiKey of a Firebase web configuration object ({apiKey: "AIza…",
// authDomain: "app.firebaseapp.com", projectId: …}), which Firebase
// documents as public: it identifies the project to the browser, and
// security rules, not the key, guard the data. The key must be written
// under apiKey and an authDomain or a firebaseapp.com address must stand
// within a few lines; an AIza key elsewhere (a server key) stays a secret.
func FirebaseWebConfig(content string, start, end int) bool {
	if start < 0 || end > len(content) || start > end {
		return false
	}
	before := content[max(0, start-24):start]
	b := strings.ToLower(strings.TrimRight(before, " \t\"':="))
	k := strings.TrimSuffix(strings.TrimSuffix(b, "apikey"), "api_key")
	if len(k) == len(b) || k != "" && isKeyNameByte(k[len(k)-1]) {
		return false // the key must be apiKey itself, not GOOGLE_API_KEY
	}
	near := content[max(0, start-400):min(len(content), end+400)]
	return strings.Contains(near, "authDomain") || strings.Contains(near, "auth_domain") || strings.Contains(near, ".firebaseapp.com")
}

// publicPEMHeads open the PEM blocks that hold no secret: certificates,
// certificate requests, CRLs, public keys.
var publicPEMHeads = []string{"-----BEGIN CERTIFICATE", "-----BEGIN PUBLIC KEY", "-----BEGIN X509 CRL", "-----BEGIN NEW CERTIFICATE", "-----BEGIN TRUSTED CERTIFICATE", "-----BEGIN RSA PUBLIC KEY", "-----BEGIN PGP PUBLIC KEY"}

// PublicPEMBase64 reports whether v is base64 of a PEM block that holds no
// secret (a certificate, a public key): the tls.crt and ca.crt of a
// Kubernetes Secret.
func PublicPEMBase64(v string) bool {
	if !strings.HasPrefix(v, "LS0tLS1CRUdJTi") || len(v) < 28 {
		return false
	}
	head, err := base64.StdEncoding.DecodeString(v[:min(40, len(v)/4*4)])
	if err != nil {
		return false
	}
	for _, h := range publicPEMHeads {
		if strings.HasPrefix(string(head), h) {
			return true
		}
	}
	return false
}

// InPEMBody reports whether offset lies in the body of a PEM block: after
// a -----BEGIN line, before its -----END line, and not on the BEGIN line.
func InPEMBody(text string, offset int) bool {
	if offset < 0 || offset > len(text) {
		return false
	}
	b := strings.LastIndex(text[:offset], "-----BEGIN ")
	if b < 0 {
		return false
	}
	seg := text[b:offset]
	if strings.IndexByte(seg, '\n') < 0 || strings.Contains(seg, "-----END ") {
		return false
	}
	return strings.Contains(text[offset:], "-----END ")
}

// GenericPlausible reports whether a generic-api-key match in content is
// worth reporting. gitleaks' rule takes any value of ten or more word
// characters with some entropy after a name containing key, token, auth,
// client, access …; this keeps the values that hold a secret:
//
//   - not under a name whose last word says the value is public
//     (AUTH0_CLIENT_ID, auth_user, token_url);
//   - a literal for the shared classifier (not a placeholder, a reference,
//     a path, an identifier or base64 of prose);
//   - not under a name that says the value is no credential at all but a
//     probe (nonExistentKey, bogusToken, invalidKey: probeName);
//   - under a name that is not a password's, a value that reads as
//     generated (Randomness), not as words or a sequence:
//     "abcdefg1234567", "15008/default/waypoint".
//
// Matches of every other rule pass unchanged.
func GenericPlausible(content string, m Match) bool {
	if m.RuleID != GenericRuleID {
		return true
	}
	name := ""
	if m.MatchStart >= 0 && m.MatchStart <= m.Start && m.Start <= len(content) {
		before := content[m.MatchStart:m.Start]
		name = lastName(before)
		if at := m.MatchStart + strings.LastIndex(before, name); name != "" && at > 0 && content[at-1] == '/' {
			return false // registry.k8s.io/kube-apiserver:<digest>: an image or a path, not a key
		}
	}
	words := SplitWords(name)
	if len(words) > 0 && (nonSecretHeads[words[len(words)-1]] || nonSecretHeads[strings.ToLower(name)]) {
		return false
	}
	if publicName(words) {
		return false // STRIPE_PUBLISHABLE_KEY, InstrumentationKey, recaptcha site_key
	}
	if Classify(m.Secret).Kind != KindLiteral {
		return false
	}
	if probeName(words) {
		return false
	}
	if term, ok := DefaultNames.Match(name); ok && DefaultNames.Chosen(term) {
		return true
	}
	return Randomness(m.Secret) >= generatedMin
}

// lastName returns the last name-like run (letters, digits, _ . -) of s:
// the key in `"api_key": "`, `AUTH0_CLIENT_ID=`, `token := "`.
func lastName(s string) string {
	end := -1
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		isName := c == '_' || c == '.' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		switch {
		case isName && end < 0:
			end = i + 1
		case !isName && end >= 0:
			return strings.Trim(s[i+1:end], ".-")
		}
	}
	if end < 0 {
		return ""
	}
	return strings.Trim(s[:end], ".-")
}

// probeWords, in a name, say that its value is made up to be refused or
// not found: nonExistentKey, bogusToken, invalidApiKey, missingSecret.
var probeWords = map[string]bool{
	"nonexistent": true, "nonexisting": true, "bogus": true, "invalid": true, "missing": true,
	"unknown": true, "wrong": true, "bad": true, "dummy": true, "fake": true,
}

// probeName reports whether a name's words say its value is a probe
// (probeWords; "non existent" written as two words counts too).
func probeName(words []string) bool {
	for i, w := range words {
		if probeWords[w] || w == "non" && i+1 < len(words) && (words[i+1] == "existent" || words[i+1] == "existing") {
			return true
		}
	}
	return false
}

// sameRun reports whether s holds n or more of one letter or digit in a
// row; not A, which base64 of zero bytes (a DER length, padding in a
// binary blob) repeats.
func sameRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'B' && c <= 'Z' || c >= '0' && c <= '9'
		if alnum && i > 0 && s[i-1] == c {
			run++
		} else if alnum {
			run = 1
		} else {
			run = 0
		}
		if run >= n {
			return true
		}
	}
	return false
}

// isKeyNameByte reports whether c continues a name or key (a letter, a
// digit, _ or -).
func isKeyNameByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
