package rules

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

func TestClassify(t *testing.T) {
	cases := map[string]struct {
		kind Kind
		def  string
	}{
		// literals
		"hX9#kq2!Vr7pLm4Zt": {kind: KindLiteral},
		"hunter2-Rq81":      {kind: KindLiteral},
		"Xk29fLqP0vWz":      {kind: KindLiteral},
		"ghp_4kR9xT2mQ8vN1pL7wZ3yH6bF0cJ5dS2aE9uK": {kind: KindLiteral},
		"6f1e2a3b4c5d6e7f8a9b0c1d2e3f4a5b":         {kind: KindLiteral},
		"3f8a1c2e-9b7d-4e6f-a1b2-c3d4e5f6a7b8":     {kind: KindLiteral},
		"p@ssw0rd":                                 {kind: KindLiteral},
		// empty
		"":    {kind: KindEmpty},
		"   ": {kind: KindEmpty},
		// placeholders
		"changeme": {kind: KindPlaceholder}, "CHANGEME": {kind: KindPlaceholder}, "<password>": {kind: KindPlaceholder},
		"[token]": {kind: KindPlaceholder}, "xxx": {kind: KindPlaceholder}, "XXXXXXXX": {kind: KindPlaceholder},
		"********": {kind: KindPlaceholder}, "TODO": {kind: KindPlaceholder}, "example": {kind: KindPlaceholder},
		"aaaaaaaa": {kind: KindPlaceholder}, "your-api-key-here": {kind: KindPlaceholder},
		"YOUR_PASSWORD": {kind: KindPlaceholder}, "sk_live_xxxxxxxxxxxxxxxx": {kind: KindPlaceholder},
		"%s": {kind: KindPlaceholder}, "password": {kind: KindPlaceholder}, "replace-me-with-real-token": {kind: KindPlaceholder},
		"my-secret-example-value": {kind: KindPlaceholder}, "__PASSWORD__": {kind: KindPlaceholder},
		"00000000-0000-0000-0000-000000000000": {kind: KindPlaceholder},
		"passtestuser1":                        {kind: KindPlaceholder}, "mytestsecret": {kind: KindPlaceholder},
		"test-q8Lm2vXk9zPw-token": {kind: KindLiteral},
		// references
		"${DB_PASSWORD}": {kind: KindReference}, "$DB_PASSWORD": {kind: KindReference},
		"{{ env_var('DBT_ENV_SECRET_PW') }}": {kind: KindReference}, `{{ env_var("X") }}`: {kind: KindReference},
		"${{ secrets.DEPLOY_TOKEN }}": {kind: KindReference}, "{{resolve:secretsmanager:prod/db:SecretString:password}}": {kind: KindReference},
		"ref+vault://secret/app#/password": {kind: KindReference}, "ref+awssecrets://prod/db#/password": {kind: KindReference},
		"vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w==": {kind: KindReference},
		"{{ .Values.db.password }}": {kind: KindReference}, "postgres://app:${DB_PASSWORD}@db:5432/app": {kind: KindReference},
		"ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:x=,type:str]": {kind: KindReference},
		"ENC(Hq3Vx8Lm2Kp9Rt4Zw7Yb1Nc6Df0Gs5Ja)":            {kind: KindReference}, // jasypt
		"ENC(xy)":                                          {kind: KindLiteral},
		"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf": {kind: KindReference},
		"${DB_PASSWORD:-}": {kind: KindReference}, "${DB_PASSWORD:?required}": {kind: KindReference},
		"${DB_PASSWORD:changeme}": {kind: KindReference}, "$(DB_PASSWORD)": {kind: KindReference},
		"op://vault/item/password": {kind: KindReference},
		`${!pr_token}`:             {kind: KindReference}, `"${git_user}:${!pr_token}"`: {kind: KindReference}, // bash indirection
		// references whose default is hardcoded
		"${DB_PASSWORD:hX9kq2Vr7pLm}":                   {kind: KindReferenceDefault, def: "hX9kq2Vr7pLm"},
		"${DB_PASSWORD:-hX9kq2Vr7pLm}":                  {kind: KindReferenceDefault, def: "hX9kq2Vr7pLm"},
		"{{ env_var('PW', 'hX9kq2Vr7pLm') }}":           {kind: KindReferenceDefault, def: "hX9kq2Vr7pLm"},
		`{{ env_var("DBT_PASSWORD", "s3cr3t-Pw-91") }}`: {kind: KindReferenceDefault, def: "s3cr3t-Pw-91"},
		// examples
		"AKIAIOSFODNN7EXAMPLE": {kind: KindExample}, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": {kind: KindExample},
		"6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe": {kind: KindExample}, // reCAPTCHA's test secret
		"1x0000000000000000000000000000000AA":      {kind: KindExample}, // Turnstile's test secret
		// weak
		"abc": {kind: KindWeak}, "1234": {kind: KindWeak}, "ab12ab": {kind: KindWeak},
		// not secrets
		"DB_PASSWORD": {kind: KindNotSecret}, "X-Auth-Token": {kind: KindNotSecret}, "api_key": {kind: KindPlaceholder},
		"client_secret_basic": {kind: KindNotSecret}, "/etc/secrets/db-password": {kind: KindNotSecret},
		"./certs/server.key": {kind: KindNotSecret}, "https://auth.example.com/oauth/token": {kind: KindNotSecret},
		"invalid password supplied": {kind: KindNotSecret}, "Please enter your password": {kind: KindNotSecret},
		"true": {kind: KindNotSecret}, "--password": {kind: KindNotSecret}, "passwordField": {kind: KindNotSecret},
		"application/json": {kind: KindNotSecret}, "CallRenewAccessToken": {kind: KindNotSecret},
		"envoy.ext_authz": {kind: KindNotSecret}, "envoy.client_ssl_auth": {kind: KindNotSecret}, // filter names
		"hX9k.q2Vr_7pLm": {kind: KindLiteral}, "s3cr3t.pass_2024xyz": {kind: KindLiteral},
		"HelloWorld": {kind: KindLiteral}, "service-account.json": {kind: KindNotSecret},
		"aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzZWNyZXQ=": {kind: KindNotSecret}, // base64 of prose
		// connection strings without a password field
		"mysql:host=legacy-mysql.internal;dbname=portal":                         {kind: KindNotSecret},
		"Server=sql01;Database=Orders;Integrated Security=true":                  {kind: KindNotSecret},
		"host=db port=5432 dbname=app sslmode=disable":                           {kind: KindNotSecret},
		"mysql:host=db;dbname=portal;password=hX9kq2Vr7pLm":                      {kind: KindLiteral},
		"AccountName=acme;AccountKey=hX9kq2Vr7pLmZ4Wq8eR4tY2uI6oP0a=":            {kind: KindLiteral},
		"BlobEndpoint=https-x;SharedAccessSignature=sv-2020&sig-hX9kq2Vr7pLmZ4W": {kind: KindLiteral},
	}
	for v, want := range cases {
		got := Classify(v)
		if got.Kind != want.kind {
			t.Errorf("Classify(%q) = %s (%s), want %s", v, got.Kind, got.Reason, want.kind)
			continue
		}
		if want.def != "" {
			if got.Default != want.def || v[got.DefaultStart:got.DefaultEnd] != want.def {
				t.Errorf("Classify(%q) default = %q [%d:%d], want %q", v, got.Default, got.DefaultStart, got.DefaultEnd, want.def)
			}
		}
	}
}

func TestClassifyBase64Sequence(t *testing.T) {
	// base64 of "abcdefghijklmnopqrstuvwxyz123456", a made-up AES key in
	// Kubernetes' encryption-config test data.
	if c := Classify("YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY="); c.Kind != KindPlaceholder {
		t.Errorf("base64 of a sequence: %v (%s), want placeholder", c.Kind, c.Reason)
	}
	if c := Classify("+qcnfOFX3aRXM9PuY7lQXDWYIQ3GWUdBc3nYBo91SCA="); c.Kind != KindLiteral {
		t.Errorf("random key: %v (%s), want literal", c.Kind, c.Reason)
	}
}

func TestClassifyHashesAndElisions(t *testing.T) {
	for v, want := range map[string]Kind{
		"testuser:$2y$05$sBsSqk0OpSD1uTZkHXc4FeJ0Z70wLQdAX/82UiHuQOKbNbBrzs63m":                                          KindNotSecret,
		"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy":                                                   KindNotSecret,
		"$6$rounds=5000$saltsalt$Y4cT2h7jDPSE4Ndq5aJmD0WXnDk8TJ9e2vbPcBnoWyJ9Zk1ZzBdy2Bn5qhXN3d9qTg4RQ4rEh1a5pyb.q0Q3x/": KindNotSecret,
		"9cbaf023786cd7...": KindPlaceholder,
		"-----BEGIN OPENSSH PRIVATE KEY-----\n    ...\n    -----END OPENSSH PRIVATE KEY-----\n":                                              KindPlaceholder,
		"-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n": KindLiteral,
		`-----BEGIN EC PRIVATE KEY-----\nR/m0k5iqkwUONAIifEcLav+q5ZvQmLL8ZrF8w50SR2Qugs4lIFVRdxtDyKUOtfZU\n-----END EC PRIVATE KEY-----`:     KindLiteral,
		"test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/\ntest2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0\n":                                          KindNotSecret,
		"hX9kq2Vr7pLm$2y$05": KindLiteral,
	} {
		if c := Classify(v); c.Kind != want {
			t.Errorf("Classify(%q) = %v (%s), want %v", v, c.Kind, c.Reason, want)
		}
	}
}

func TestClassifyNamesAndPlaceholders(t *testing.T) {
	for v, want := range map[string]Kind{
		"envoy.filters.http.ext_authz":                                            KindNotSecret,
		"type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz": KindNotSecret,
		"SESSION":                              KindPlaceholder,
		"TOKEN":                                KindPlaceholder,
		"1234abcd-12ab-34cd-56ef-1234567890ab": KindPlaceholder,
		`"$API_KEY"`:                           KindReference,
		`'${API_KEY}'`:                         KindReference,
		"$env:API_KEY":                         KindReference,
		"$(cat /run/secrets/token)":            KindReference,
		"$__env{LOKI_PASSWORD}":                KindReference,
		"2b4f6a1c-9d3e-4c8b-a7f2-5e1d0c9b8a76": KindLiteral,
		"Correct.Horse.Battery9":               KindLiteral,
		"testpassword":                         KindPlaceholder,
		"dummy_token":                          KindPlaceholder,
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U": KindLiteral,
	} {
		if got := Classify(v).Kind; got != want {
			t.Errorf("Classify(%q) = %v (%s), want %v", v, got, Classify(v).Reason, want)
		}
	}
}

func TestClassifyPublicByDesignAndPrefixedHashes(t *testing.T) {
	bc := "$2a$10$" + strings.Repeat("Q7vLm2pZr9Wt4xK", 4)[:53]
	for v, want := range map[string]Kind{
		"{bcrypt}" + bc: KindNotSecret,
		"{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g3Ym9vZkZXNQ==":                           KindNotSecret,
		"{sha256}97cde38028ad898ebcd0d4ee6e5b8b9e1bc9e8cf3b4a6f4d1c1d8f2e3a4b5c6d": KindNotSecret,
		"{noop}Qx7vLm2pZr9Wt4Kd":                                                   KindLiteral, // plaintext behind a scheme
		"{plain}Qx7vLm2pZr9Wt4Kd":                                                  KindLiteral,
		"{bcrypt}Qx7vLm2pZr9Wt4Kd-not-a-hash":                                      KindLiteral,
		"pk_live_" + strings.Repeat("a1B2c3D4e5", 9):                               KindNotSecret,
		"pk_test_51Hq8ZxLm2pZr9Wt4xKd7vQ":                                          KindNotSecret,
		"sk_live_51Hq8ZxLm2pZr9Wt4xKd7vQ":                                          KindLiteral,
		"pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjbGZha2UifQ.Qx7vLm2pZr9Wt4KdQx7vLm":         KindNotSecret, // Mapbox public token
		"sk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjbGZha2UifQ.Qx7vLm2pZr9Wt4KdQx7vLm":         KindLiteral,   // Mapbox secret token
		"InstrumentationKey=3f2a9c1e-7b4d-4e8a-9c2f-1d6b8e0a4c7f;IngestionEndpoint=https://westus-0.in.applicationinsights.azure.com/;LiveEndpoint=https://westus.livediagnostics.monitor.azure.com/": KindNotSecret,
		"InstrumentationKey=3f2a9c1e-7b4d-4e8a-9c2f-1d6b8e0a4c7f;SharedAccessKey=Qx7vLm2pZr9Wt4KdQx7vLm2pZr9Wt4Kd":                                                                                    KindLiteral,
	} {
		if c := Classify(v); c.Kind != want {
			t.Errorf("Classify(%q) = %v (%s), want %v", v, c.Kind, c.Reason, want)
		}
	}
}

// TestClassifyEscapedReferencesHashesAndRecipients: Make's $$VAR is a
// shell variable reference; PostgreSQL's md5 and SCRAM-SHA-256 verifiers
// are hashes; an age recipient (age1…) is a public key.
func TestClassifyEscapedReferencesHashesAndRecipients(t *testing.T) {
	const bech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	b64 := fakesecret.From(44, fakesecret.Alnum+"+/")
	for v, want := range map[string]Kind{
		"$$REGISTRY_PASSWORD":                           KindReference,
		`"$$REGISTRY_PASSWORD"`:                         KindReference,
		"$${DB_PASSWORD}":                               KindReference,
		"$$(cat /run/secrets/registry)":                 KindReference,
		"md5" + fakesecret.From(32, "0123456789abcdef"): KindNotSecret,
		"SCRAM-SHA-256$4096:" + fakesecret.From(24, fakesecret.Alnum) + "$" + b64 + ":" + b64: KindNotSecret,
		"age1" + fakesecret.From(58, bech32):                                                  KindNotSecret,
		"age1yubikey1" + fakesecret.From(58, bech32):                                          KindNotSecret,
		// not hashes or recipients
		"md5" + fakesecret.Password(29):                                   KindLiteral,
		"SCRAM-SHA-256" + fakesecret.Password(20):                         KindLiteral,
		"AGE-SECRET-KEY-1" + strings.ToUpper(fakesecret.From(58, bech32)): KindLiteral,
	} {
		if c := Classify(v); c.Kind != want {
			t.Errorf("Classify(%q) = %v (%s), want %v", v, c.Kind, c.Reason, want)
		}
	}
}

func TestLeetPlaceholder(t *testing.T) {
	for v, want := range map[string]bool{
		"P@ssw0rd": true, "Passw0rd!": true, "s3cr3t123": true, "password": true, "ch4ngeme": true,
		fakesecret.Password(16): false, "Marigold^Rivet55": false, "": false, "123": false,
	} {
		if got := LeetPlaceholder(v); got != want {
			t.Errorf("LeetPlaceholder(%q) = %v, want %v", v, got, want)
		}
	}
}
