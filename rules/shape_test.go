package rules

import "testing"

func TestRandomness(t *testing.T) {
	generated := []string{
		"q8Lm2vXk9zPw", "9f8e7d6c5b4a", "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90", "3f8a1c2e-9b7d-4e6f-a1b2-c3d4e5f6a7b8",
		"Zq9_8vLm2-kXw7pQ3rT6yU1i", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "JBSWY3DPEHPK3PXP", "s3cr3t-signing-k3y-8842",
		"xkcdqwpzlmvrtbnq", "8237461928374650", "int-tok-4f9a2c71", "tok_8cf03a9b21e7",
		"flwqkenfjasasdfmwerasd", "avtc41pn13asmra6zaiyf7dh6cgx97", "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG",
	}
	written := []string{
		"config", "secret1", "invalid", "abcdefg1234567", "istio-system/s0", "validToken", "somerandomtoken",
		"myJwtSecret2024", "my-api-key-12345", "AbCdEf123456", "1234567890abcdef", "bootstrap-token-abcdef",
		"15008/default/waypoint", "kube-system/default-token", "token-for-testing", "zzzzzzzzzzzz",
		"123456.aabbccddeeffgghh", "AABBCCDDEEFFGGHH", "1234560123456789", "abcdef0123456789",
		"abcdef.0123456789abcdef", "acme-prod-key-2024", "wordpress.local-tls", "tlssecret", "OpenshiftCA",
	}
	for _, s := range generated {
		if r := Randomness(s); r < generatedMin {
			t.Errorf("Randomness(%q) = %.1f, want ≥ %d (generated)", s, r, generatedMin)
		}
	}
	for _, s := range written {
		if r := Randomness(s); r >= generatedMin {
			t.Errorf("Randomness(%q) = %.1f, want < %d (written by a person)", s, r, generatedMin)
		}
	}
}

func TestNamesItself(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"Authorization", "Authorization", true},
		{"configSecretKey", "config", true},
		{"tokenKey", "token_key", true},
		{"CACertsSecret", "cacerts", true},
		{"password", "hX9kq2Vr7pLm", false},
		{"secretKey", "", false},
	} {
		if got := namesItself(c.name, c.value); got != c.want {
			t.Errorf("namesItself(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

func TestStripAuthScheme(t *testing.T) {
	for in, want := range map[string]string{
		"Bearer abc.def":  "abc.def",
		"basic dXNlcjpw":  "dXNlcjpw",
		" Token  x1y2z3 ": "x1y2z3",
		"Bearer":          "Bearer",
		"Bearerish":       "Bearerish",
	} {
		if got := stripAuthScheme(in); got != want {
			t.Errorf("stripAuthScheme(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSequential(t *testing.T) {
	for w, want := range map[string]bool{
		"abcdef": true, "654321": true, "zzzz": true, "1234567890": true, "aabbccdd": true,
		"1234560123456789": true, "abcxyz": false, "q8lm2v": false, "1357": false, "a": false,
		"aabbxy": false, "12349876": false,
	} {
		if got := sequential(w); got != want {
			t.Errorf("sequential(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestInterleavedSequence(t *testing.T) {
	for s, want := range map[string]bool{
		"A1B2C3D4E5F6G7H8I9J0": true, "a1b2c3": true, "a1b2c3d4e5f6": true,
		"q8Lm2vXk9zPw": false, "a1b2": false, "a1-b2-c3": false,
	} {
		if got := interleavedSequence(s); got != want {
			t.Errorf("interleavedSequence(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestStageNameValue: a value made of an environment or placeholder word
// and the name's own words is a stand-in; a word foreign to the name, a
// digit or a generated part keeps it a candidate.
func TestStageNameValue(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"ClientSecret", "sandbox-secret", true},
		{"apiToken", "test-token", true},
		{"DevKey", "dev_key", true},
		{"dbPassword", "localpassword", true},
		{"dbPassword", "devpass", true},
		{"webhookSecret", "my-webhook-secret", true},
		{"ClientSecret", "sandbox-secret-9f3k", false},
		{"ClientSecret", "sandbox-dispatch", false},
		{"ClientSecret", "secret-secret", false},
		{"ClientSecret", "sandbox", false},
		{"apiToken", "Zq9vLm2kXw7p4411", false},
	} {
		if got := stageNameValue(c.name, c.value); got != c.want {
			t.Errorf("stageNameValue(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
		if c.want && CheckAssignment(DefaultNames, Candidate{Name: c.name, Value: c.value}).Match {
			t.Errorf("CheckAssignment(%q, %q) matches a stand-in", c.name, c.value)
		}
	}
}

// TestStandInAtSink: a stand-in reaching a sink is judged by the sink's
// field or parameter name as it would be by a variable's.
func TestStandInAtSink(t *testing.T) {
	sink := "golang.org/x/oauth2/clientcredentials.Config.ClientSecret"
	if CheckSinkLiteral(Candidate{Name: sink, Value: "sandbox-secret"}).Match {
		t.Error("sandbox-secret at ClientSecret is a stand-in")
	}
	if !CheckSinkLiteral(Candidate{Name: sink, Value: "ddb1d4c871161aa58dbd10c402405308"}).Match {
		t.Error("a generated secret at ClientSecret must match")
	}
}
