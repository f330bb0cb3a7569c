package rules

import (
	"strings"
	"testing"
)

func TestGenericPlausible(t *testing.T) {
	match := func(line, secret string) (string, Match) {
		i := strings.Index(line, secret)
		return line, Match{RuleID: GenericRuleID, Secret: secret, Start: i, End: i + len(secret), MatchStart: 0, MatchEnd: i + len(secret)}
	}
	for _, c := range []struct {
		line, secret string
		want         bool
	}{
		{`api_key = "q8Lm2vXk9zPwR4tN"`, "q8Lm2vXk9zPwR4tN", true},
		{`"access_token": "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"`, "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90", true},
		{`db_password: correcthorsebattery`, "correcthorsebattery", true},
		{`AUTH0_CLIENT_ID=Xz8kLq2mZx5wJ7`, "Xz8kLq2mZx5wJ7", false},
		{`Using Key With Fingerprint: 5E615389B53CA37F0EE60BD3843BBF981FC18762`, "5E615389B53CA37F0EE60BD3843BBF981FC18762", false},
		{`image: registry.k8s.io/kube-apiserver:9680e782e08a1a1c94c656190011bd02`, "9680e782e08a1a1c94c656190011bd02", false},
		{`github.com/aws/aws-sdk-go-v2/credentials v1.17.27 h1:2raNba6gr2IfA0eqqiP2XiQ0UVOpGPgDSi0I9iAP+UI=`, "2raNba6gr2IfA0eqqiP2XiQ0UVOpGPgDSi0I9iAP+UI=", false},
		{`AuthConfigHash: "a55436fc140d516560d072c5fe8700385ce9f41629abf65c1edcbcb39fac691d"`, "a55436fc140d516560d072c5fe8700385ce9f41629abf65c1edcbcb39fac691d", false},
		{`access_token: "abcdefg1234567"`, "abcdefg1234567", false},
		{`{key: "15008/default/waypoint"}`, "15008/default/waypoint", false},
		{`token: "${GITHUB_TOKEN_VALUE}"`, "${GITHUB_TOKEN_VALUE}", false},
		{`secret_key: somerandomsecretvalue`, "somerandomsecretvalue", false},
		{`STRIPE_PUBLISHABLE_KEY=Qx7vLm2pZr9Wt4KdJ3`, "Qx7vLm2pZr9Wt4KdJ3", false},
		{`"ConnectionString": "InstrumentationKey=3f2a9c1e-7b4d-4e8a-9c2f-1d6b8e0a4c7f;"`, "3f2a9c1e-7b4d-4e8a-9c2f-1d6b8e0a4c7f", false},
		{`STRIPE_SECRET_KEY=Qx7vLm2pZr9Wt4KdJ3`, "Qx7vLm2pZr9Wt4KdJ3", true},
		// public by design: a captcha site key, an Algolia search-only key
		{`'site_key' => '6Lq8Lm2vXk9zPwR4tNq8Lm2vXk9zPwR4tN1a2b3c'`, "6Lq8Lm2vXk9zPwR4tNq8Lm2vXk9zPwR4tN1a2b3c", false},
		{`  searchKey: "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90",`, "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90", false},
		{`ALGOLIA_SEARCH_ONLY_API_KEY=4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90`, "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90", false},
		{`'secret_key' => '6Lq8Lm2vXk9zPwR4tNq8Lm2vXk9zPwR4tN1a2b3c'`, "6Lq8Lm2vXk9zPwR4tNq8Lm2vXk9zPwR4tN1a2b3c", true},
		{`elasticsearch_key = "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"`, "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90", true},
		// a name that says the value is a probe
		{`nonExistentKey = "F35C28E1-7035-40BB-B865-6BED9E3A1B28"`, "F35C28E1-7035-40BB-B865-6BED9E3A1B28", false},
		{`invalid_api_key = "q8Lm2vXk9zPwR4tN"`, "q8Lm2vXk9zPwR4tN", false},
		{`CYPRESS_RECORD_KEY: c4a1f9e2-7b3d-4e8a-9f60-2d5b8c7e1a94`, "c4a1f9e2-7b3d-4e8a-9f60-2d5b8c7e1a94", true},
		{`badgeKey = "q8Lm2vXk9zPwR4tN"`, "q8Lm2vXk9zPwR4tN", true},
	} {
		content, m := match(c.line, c.secret)
		if got := GenericPlausible(content, m); got != c.want {
			t.Errorf("GenericPlausible(%q) = %v, want %v", c.line, got, c.want)
		}
	}
	pk := "pk_live_" + strings.Repeat("Qx7vLm2pZr", 6)
	if line := `const checkoutKey = "` + pk + `"`; Plausible(line, Match{RuleID: GenericRuleID, Secret: pk, Start: 20, End: 20 + len(pk), MatchStart: 6, MatchEnd: 20 + len(pk)}) {
		t.Error("a Stripe publishable key is plausible")
	}
	other := Match{RuleID: "github-pat", Secret: "abcdefg1234567"}
	if !GenericPlausible("", other) {
		t.Error("a provider rule's match was filtered")
	}
}

func TestLastName(t *testing.T) {
	for in, want := range map[string]string{
		`"api_key": "`:     "api_key",
		`AUTH0_CLIENT_ID=`: "AUTH0_CLIENT_ID",
		`token := "`:       "token",
		`  x.y.token-`:     "x.y.token",
		`=`:                "",
	} {
		if got := lastName(in); got != want {
			t.Errorf("lastName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInPEMBody(t *testing.T) {
	text := "a\n-----BEGIN PUBLIC KEY-----\nBODY\n-----END PUBLIC KEY-----\nafter\n"
	for s, want := range map[string]bool{"a\n": false, "BEGIN": false, "BODY": true, "after": false} {
		if got := InPEMBody(text, strings.Index(text, s)); got != want {
			t.Errorf("InPEMBody at %q = %v, want %v", s, got, want)
		}
	}
}

func TestPlausibleKubernetesSecretLines(t *testing.T) {
	for secret, want := range map[string]bool{
		"password: cGFzc3dvcmQ=": false, // base64 of "password"
		"tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUNJakNDQVl1Z0F3SUJBZ0lRS1F6S1hWV0duODRNNzk2QmhGU":        false,
		"tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktjd2dnU2pBZ0VB": true,
		"password: cTRMbTJ2WGs5elB3Ujd0":               true, // base64 of a random password
		"tls.crt: VEVTVENFUlQy":                        false,
		"key: dGhpc19pc190aGVfc2VjcmV0":                false, // base64 of this_is_the_secret
		"ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t": false,
		"username: ZGlzcGF0Y2g=":                       false, // base64 of a user name
		"DB_HOST: cGctcHJpbWFyeS5pbnRlcm5hbA==":        false,
		// a URL can carry a password: url-credentials decides
		"url: cG9zdGdyZXM6Ly9hcHA6aFg5a3EyVnJAZGI6NTQzMi9hcHA=": true,
		// a configuration file: a secret only when it holds one
		"prometheus-additional.yaml: LSBqb2JfbmFtZTogInByb21ldGhldXMiCiAgc3RhdGljX2NvbmZpZ3M6CiAgLSB0YXJnZXRzOiBbImxvY2FsaG9zdDo5MDkwIl0K": false,
		"alertmanager.yaml: Z2xvYmFsOgogIHNtdHBfYXV0aF9wYXNzd29yZDogaFg5a3EyVnI3cExtWjQKcm91dGU6CiAgcmVjZWl2ZXI6IG1haWwK":                  true,
	} {
		m := Match{RuleID: "kubernetes-secret-yaml", Secret: secret}
		if got := Plausible(secret, m); got != want {
			t.Errorf("Plausible(%q) = %v, want %v", secret, got, want)
		}
	}
}

// FuzzPlausible: the value classifier, the randomness score and the
// plausibility filter never panic, whatever the text and the match span,
// and their answers do not depend on anything but their input.
func FuzzPlausible(f *testing.F) {
	f.Add(`api_key = "q8Lm2vXk9zPwR4tN"`, 11, 27, GenericRuleID)
	f.Add("x\n-----BEGIN CERTIFICATE-----\nEAAAAAAAAAAAAAAAAAAAAAEw\n-----END CERTIFICATE-----\n", 30, 54, "square-access-token")
	f.Add(`password: cGFzc3dvcmQ=`, 0, 22, "kubernetes-secret-yaml")
	f.Add(`image: registry.k8s.io/kube-apiserver:9680e782e08a1a1c94c656190011bd02`, 38, 70, GenericRuleID)
	f.Add("$2y$05$sBsSqk0OpSD1uTZkHXc4FeJ0Z70wLQdAX/82UiHuQOKbNbBrzs63m", 0, 60, GenericRuleID)
	f.Fuzz(func(t *testing.T, content string, start, end int, rule string) {
		if start < 0 || end < start || end > len(content) {
			return
		}
		m := Match{RuleID: rule, Secret: content[start:end], Start: start, End: end, MatchStart: max(0, start-8), MatchEnd: end}
		a := Plausible(content, m)
		if b := Plausible(content, m); a != b {
			t.Fatalf("Plausible is not deterministic on %q", content)
		}
		_ = Classify(m.Secret)
		if r := Randomness(m.Secret); r < 0 || r > float64(len(m.Secret)) {
			t.Fatalf("Randomness(%q) = %v, outside [0, len]", m.Secret, r)
		}
	})
}

func TestPlausibleFirebaseWebConfig(t *testing.T) {
	key := "AIza" + "SyD4kq2Vr7pLmZ4Wq8eR4tY2uI6oP0aXbCd"
	for content, want := range map[string]bool{
		// a Firebase web configuration: public by design
		"const firebaseConfig = {\n  apiKey: \"" + key + "\",\n  authDomain: \"acme.firebaseapp.com\",\n  projectId: \"acme\",\n};\n": false,
		"firebase:\n  api_key: " + key + "\n  auth_domain: acme.firebaseapp.com\n":                                                    false,
		// a server key, or an apiKey with no Firebase configuration near
		"const maps = { apiKey: \"" + key + "\", region: \"eu\" };\n": true,
		"GOOGLE_API_KEY=" + key + "\n# see acme.firebaseapp.com\n":    true,
	} {
		i := strings.Index(content, key)
		m := Match{RuleID: "gcp-api-key", Secret: key, Start: i, End: i + len(key)}
		if got := Plausible(content, m); got != want {
			t.Errorf("Plausible(%q) = %v, want %v", content, got, want)
		}
	}
}
