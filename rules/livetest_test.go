package rules

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestRemoteHost(t *testing.T) {
	for host, want := range map[string]bool{
		"staging-db.acme-logistics.io": true,
		"api.payments-hub.io":          true,
		"staging.orders.example.com":   true, // a staging word stands for a real system
		"prod-db.internal":             true,
		"8.8.8.8":                      true,
		"localhost":                    false,
		"db":                           false, // a compose service
		"127.0.0.1":                    false,
		"10.1.2.3":                     false,
		"::1":                          false,
		"api.example.com":              false,
		"example.org":                  false,
		"db.test":                      false,
		"redis.default.svc":            false,
		"mysql.svc.cluster.local":      false,
		"printer.local":                false,
		"{{.Host}}":                    false,
		"${DB_HOST}":                   false,
		"config.yaml":                  false,
	} {
		if got := RemoteHost(host); got != want {
			t.Errorf("RemoteHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestLiveTest(t *testing.T) {
	for name, c := range map[string]struct {
		src  string
		want bool
	}{
		"e2e tag, remote URL":      {"//go:build e2e\n\npackage e2e\n\nconst base = \"https://api.payments-hub.io/v1\"\n", true},
		"integration word part":    {"//go:build integration_staging\n\npackage x\n\nvar addr = \"db.payments-hub.io:5432\"\n", true},
		"env-guarded skip":         {"package x\n\nfunc TestX(t *testing.T) {\n\tif os.Getenv(\"STAGING\") == \"\" {\n\t\tt.Skip(\"no staging\")\n\t}\n\tdial(\"staging-db.acme.io:3306\")\n}\n", true},
		"unit test, remote URL":    {"package x\n\nconst u = \"https://api.github.com/repos\"\n", false},
		"e2e tag, local only":      {"//go:build e2e\n\npackage e2e\n\nconst base = \"http://localhost:8080\"\n", false},
		"linux tag, remote":        {"//go:build linux\n\npackage x\n\nconst u = \"https://api.payments-hub.io\"\n", false},
		"skip without env lookup":  {"package x\n\nfunc TestX(t *testing.T) {\n\tif testing.Short() {\n\t\tt.Skip()\n\t}\n\tget(\"https://api.payments-hub.io\")\n}\n", false},
		"doc links in messages":    {"//go:build e2e\n\npackage x\n\nfunc TestX(t *testing.T) {\n\tt.Skip(\"see https://github.com/acme/x/issues/1\")\n\t_ = \"https://support.circleci.com/hc/en-us/articles/1\"\n\t_ = \"TODO: See https://api.acme.io/x\"\n\t_ = \"git::https://api.github.com/x.git\"\n\t_ = \"1234:1234:1234::1234:1234\"\n}\n", false},
		"database URL":             {"//go:build integration\n\npackage x\n\nconst dsn = \"postgres://app@db.payments-hub.io/app\"\n", true},
		"tag after package clause": {"package x\n\n//go:build e2e\nconst u = \"https://api.payments-hub.io\"\n", false},
	} {
		if got := LiveTest([]byte(c.src)); got != c.want {
			t.Errorf("%s: LiveTest = %v, want %v", name, got, c.want)
		}
	}
}

func TestObviouslyFakeNegativeTests(t *testing.T) {
	for _, v := range []string{"wrong-password-1", "Incorrect-Pass9", "bogus_token_123"} {
		if !ObviouslyFake(v) {
			t.Errorf("ObviouslyFake(%q) = false, want true", v)
		}
	}
}

func TestJWTTextSignature(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	head := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(`{"sub":"u-1"}`)) + "."
	if !jwtTextSignature(head + enc([]byte("signature-for-fuzzing-only"))) {
		t.Error("a text signature is not recognised")
	}
	sig := make([]byte, 32)
	for i := range sig {
		sig[i] = byte(i*37 + 128) // not printable
	}
	if jwtTextSignature(head + enc(sig)) {
		t.Error("a binary signature is taken for text")
	}
	if c := Classify(head + enc([]byte("signature-for-fuzzing-only"))); c.Kind != KindPlaceholder {
		t.Errorf("Classify = %v, want a placeholder", c.Kind)
	}
}

func TestKeyPrefixIsNotRandomness(t *testing.T) {
	for v, want := range map[string]bool{
		"mdr_test_sandbox_public_demo":      false, // a prefix and words
		"pk_test_sandbox_demo_key":          false,
		"mdr_live_q8Lm2vXk9zPwR4tN7bYc":     true, // a prefix and a random body
		"xoxb-4f9c2e71ab8d4c0e9f3a6b5d7e1c": true,
	} {
		if got := CheckAssignment(DefaultNames, Candidate{Name: "apiKey", Value: v}).Match; got != want {
			t.Errorf("apiKey = %q: match %v, want %v", v, got, want)
		}
	}
}

func TestPassphrase(t *testing.T) {
	for v, want := range map[string]bool{
		"correct horse battery staple":          true,
		"purple monkey dishwasher":              true,
		"at least 12 characters with one digit": false,
		"enter your password":                   false,
		"password password password":            false,
		"Correct Horse Battery Staple":          false,
		"two words":                             false,
		"granite-velvet-maple-copper":           true,
		"manifest_hauler_trailer_quay":          true,
		"db-primary-host":                       false, // three words joined: an identifier
		"change-me-please-now":                  false,
		"super-secret-password-value":           false,
		"granite-velvet_maple-copper":           false,
	} {
		if got := Passphrase(v); got != want {
			t.Errorf("Passphrase(%q) = %v, want %v", v, got, want)
		}
	}
	if !CheckAssignment(DefaultNames, Candidate{Name: "ReadOnlyPassword", Value: "correct horse battery staple"}).Match {
		t.Error("a passphrase under a password name is not reported")
	}
	if CheckAssignment(DefaultNames, Candidate{Name: "apiToken", Value: "correct horse battery staple"}).Match {
		t.Error("words under a token name are reported")
	}
}

func TestFormatPath(t *testing.T) {
	for v, want := range map[string]bool{
		"bl/%s/wifi/password": true,
		"users.%d.token":      true,
		"/v1/%s:reset":        true,
		"Xk9%sLm2/q":          false, // a verb inside a segment
		"p@ss%d word":         false,
		"q8Lm2vXk9zPw":        false,
	} {
		if got := formatPath(v); got != want {
			t.Errorf("formatPath(%q) = %v, want %v", v, got, want)
		}
	}
	if CheckAssignment(DefaultNames, Candidate{Name: "TopicPassword", Value: "bl/%s/wifi/password"}).Match {
		t.Error("a topic format under a password name is reported")
	}
}

func TestRemoteURLCredential(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{`"postgres://eta:Pw9xK2mQ7v@pg.staging.acme.io:5432/eta"`, true},
		{`"https://svc:Pw9xK2mQ7v@api.acme.io/v1"`, true},
		{`"postgres://eta:Pw9xK2mQ7v@localhost:5432/eta"`, false},
		{`"postgres://eta:Pw9xK2mQ7v@db:5432/eta"`, false},
		{`"https://svc:Pw9xK2mQ7v@api.example.com/v1"`, false},
		{`"https://svc:Pw9xK2mQ7v@github.com/acme/repo"`, false},
		{`"https://svc:Pw9xK2mQ7v@127.0.0.1:8080"`, false},
	} {
		start := strings.Index(c.text, "Pw9")
		end := start + len("Pw9xK2mQ7v")
		if got := RemoteURLCredential(c.text, start, end); got != c.want {
			t.Errorf("RemoteURLCredential(%s) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestHasRemoteURLCredential(t *testing.T) {
	for src, want := range map[string]bool{
		`return "postgres://eta:Pw9xK2mQ7v@pg.staging.acme.io:5432/eta"`: true,
		`return "postgres://eta:Pw9xK2mQ7v@localhost:5432/eta"`:          false,
		`// mail ops@acme.io, see https://docs.acme.io`:                  false,
		`u := "https://api.acme.io/x?to=ops@acme.io"`:                    false,
	} {
		if got := HasRemoteURLCredential([]byte(src)); got != want {
			t.Errorf("HasRemoteURLCredential(%s) = %v, want %v", src, got, want)
		}
	}
}

func TestRemoteEndpointOnLine(t *testing.T) {
	for line, want := range map[string]bool{
		`c := NewBearer("https://staging-api.ridgeway.com", "HYJDpIMKQknSZ4_T5fCFrLo9")`: true,
		`c := NewBearer(srv.URL, "HYJDpIMKQknSZ4_T5fCFrLo9")`:                            false,
		`c := NewBearer("https://api.example.com", "HYJDpIMKQknSZ4_T5fCFrLo9")`:          false,
		`c := NewBearer("http://localhost:8080", "HYJDpIMKQknSZ4_T5fCFrLo9")`:            false,
		`c := NewBearer("https://www.acme.io/docs", "HYJDpIMKQknSZ4_T5fCFrLo9")`:         false,
	} {
		off := strings.Index(line, "HYJD")
		if got := RemoteEndpointOnLine("x\n"+line+"\ny", off+2); got != want {
			t.Errorf("RemoteEndpointOnLine(%s) = %v, want %v", line, got, want)
		}
		if got := HasRemoteEndpoint([]byte(line)); got != want {
			t.Errorf("HasRemoteEndpoint(%s) = %v, want %v", line, got, want)
		}
	}
}
