package rules

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"
)

// The false-positive classes found on the real2 corpus (bench/baselines/
// realcode-real2.md), each next to a value of the same shape that is
// still a secret.

// TestEchoesName: a constant whose value ends in the constant's own
// words is a key, a path or a label (CommandK8sAuth = "argocd-k8s-auth").
func TestEchoesName(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"CommandK8sAuth", "argocd-k8s-auth", true},
		{"tplResetPassword", "user/auth/reset_passwd", true},
		{"ConditionMissingAuthSecret", "example.io/MissingAuthSecret", true},
		{"ClusterEncryptionKey", "/encryption-key", true},
		{"signingKey", "app-signing-key", true},
		// what comes before the name's words is generated: a secret
		{"AuthSecret", "x8Kq2LmZ9vR4-auth-secret", false},
		{"DBPassword", "Zq8v-db-password", false},
		{"deployToken", "gldt-Xq8kLm2vZ9wR4tN7-deploy-token", false},
		// one shared word is not an echo
		{"apiToken", "q8Lm2vXk9zPw-token", false},
		{"adminPassword", "Wq5vLm2kZx9wR8", false},
	} {
		if got := echoesName(c.name, c.value); got != c.want {
			t.Errorf("echoesName(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
	for _, c := range []struct{ name, value string }{
		{"CommandK8sAuth", "argocd-k8s-auth"},
		{"mailAuthResetPassword", "user/auth/reset_passwd"},
	} {
		if v := CheckAssignment(DefaultNames, Candidate{Name: c.name, Value: c.value}); v.Match {
			t.Errorf("hardcoded-credential reports %s = %q", c.name, c.value)
		}
	}
	for _, c := range []struct{ name, value string }{
		{"AuthSecret", "x8Kq2LmZ9vR4-auth-secret"}, // generated
		{"dbPassword", "Kalimera_Db_Password"},     // a password of words, no path
	} {
		if v := CheckAssignment(DefaultNames, Candidate{Name: c.name, Value: c.value}); !v.Match {
			t.Errorf("hardcoded-credential misses %s = %q: %s", c.name, c.value, v.Reason)
		}
	}
}

// TestClassifyRealCode2: references with dashes, made-up digit runs,
// base64 DER public keys.
func TestClassifyRealCode2(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]Kind{
		"$email-password":  KindReference, // Argo CD notifications: a key of its Secret
		"$smtp.password":   KindReference,
		"mysecret12345678": KindPlaceholder,
		"xoxb-1234567890-1234567890123-" + strings.Repeat("q8Lm2vXk", 3): KindPlaceholder,
		"Pw-98765432-Lmq": KindPlaceholder,
		// one run in a generated value: still a literal
		"sk_live_51HqLyjWDarjtT1zdp7dcXYZabc0123456789": KindLiteral,
		base64.StdEncoding.EncodeToString(pub):          KindNotSecret,
		base64.StdEncoding.EncodeToString(priv):         KindLiteral, // a private key is no public key
		// still literals: short digit runs, digits that do not count
		"hunter2-Rq81":     KindLiteral,
		"Xk29fLqP0vWz8531": KindLiteral,
		"xoxb-2749301856-6120937458213-" + strings.Repeat("q8Lm2vXk", 3): KindLiteral,
	} {
		if got := Classify(v); got.Kind != want {
			t.Errorf("Classify(%.24q…) = %v (%s), want %v", v, got.Kind, got.Reason, want)
		}
	}
}

// TestSecretDataDescriptiveKeys: a Secret entry whose key says what the
// credential is for (Argo CD's repository Secrets: project, type) is no
// secret; the password next to it is.
func TestSecretDataDescriptiveKeys(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"project", "my-project", false},
		{"project", "myproject", false},
		{"type", "helm", false},
		{"tenant-id", "q8Lm2vXk9zPw", false},
		{"password", "q8Lm2vXk9zPw", true},
		{"token", "q8Lm2vXk9zPwR4tN7aZ", true},
	} {
		if got := CheckSecretData(DefaultNames, Candidate{Name: c.name, Value: c.value}).Match; got != c.want {
			t.Errorf("CheckSecretData(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestGenericDescriptorNames: generic-api-key under a name that says
// what kind of key (key-algo, token_format) is no key.
func TestGenericDescriptorNames(t *testing.T) {
	for _, c := range []struct {
		line, secret string
		want         bool
	}{
		{`key-algo: "rfc4106-gcm-aes"`, "rfc4106-gcm-aes", false},
		{`token_format: Jq8vLm2kZx9w`, "Jq8vLm2kZx9w", false},
		{`key_size: q8Lm2vXk9zPw`, "q8Lm2vXk9zPw", false},
		{`api_key: q8Lm2vXk9zPwR4tN`, "q8Lm2vXk9zPwR4tN", true},
	} {
		i := strings.Index(c.line, c.secret)
		m := Match{RuleID: GenericRuleID, Secret: c.secret, Start: i, End: i + len(c.secret), MatchStart: 0, MatchEnd: i + len(c.secret)}
		if got := GenericPlausible(c.line, m); got != c.want {
			t.Errorf("GenericPlausible(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}
