package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/rules"
)

func TestProviderFilter(t *testing.T) {
	goSrc := "package p\n\nfunc f(s *S) string {\n\treturn s.AutoAllocatedIPv4Address // s.AutoAllocatedIPv6Address\n}\n\nconst tok = \"s.AutoAllocatedIPv4Address\"\n"
	pem := "x := `-----BEGIN CERTIFICATE-----\nMIIB\nEAAAAAAAAAAAAAAAAAAAAAEwDQYJKoZIhvcN\n-----END CERTIFICATE-----`\ny := \"EAAAl2mQ9xK7vR3tP8wZ5nB1cF4hJ6gD0sA\"\n"
	at := func(text, s string, n int) rules.Match {
		i := -1
		for ; n > 0; n-- {
			i += 1 + strings.Index(text[i+1:], s)
		}
		return rules.Match{RuleID: "vault-service-token", Secret: s, Start: i, End: i + len(s), MatchStart: i, MatchEnd: i + len(s)}
	}
	for _, c := range []struct {
		name string
		f    providerFilter
		m    rules.Match
		want bool
	}{
		{"go selector", providerFilter{text: goSrc, goSrc: true}, at(goSrc, "s.AutoAllocatedIPv4Address", 1), false},
		{"go comment", providerFilter{text: goSrc, goSrc: true}, at(goSrc, "s.AutoAllocatedIPv6Address", 1), true},
		{"go string", providerFilter{text: goSrc, goSrc: true}, at(goSrc, "s.AutoAllocatedIPv4Address", 2), true},
		{"not go", providerFilter{text: goSrc}, at(goSrc, "s.AutoAllocatedIPv4Address", 1), true},
		{"go that does not lex", providerFilter{text: "x := `unterminated s.AutoAllocatedIPv4Address", goSrc: true}, at("x := `unterminated s.AutoAllocatedIPv4Address", "s.AutoAllocatedIPv4Address", 1), true},
		{"pem body", providerFilter{text: pem}, at(pem, "EAAAAAAAAAAAAAAAAAAAAAEw", 1), false},
		{"after the pem block", providerFilter{text: pem}, at(pem, "EAAAl2mQ9xK7vR3tP8wZ5nB1cF4hJ6gD0sA", 1), true},
	} {
		if got := c.f.keep(c.m); got != c.want {
			t.Errorf("%s: keep = %v, want %v", c.name, got, c.want)
		}
	}
	pk := rules.Match{RuleID: "private-key", Secret: "MIIB", Start: strings.Index(pem, "MIIB"), End: strings.Index(pem, "MIIB") + 4}
	if f := (providerFilter{text: pem}); !f.keep(pk) {
		t.Error("private-key inside a PEM block was dropped")
	}
}

// TestGoTestFilePolicy: scan applies the analyzers' test policy to
// _test.go files, so that scan and go vet agree.
func TestGoTestFilePolicy(t *testing.T) {
	pat := "ghp_" + strings.Repeat("q8Lm2vXk9zPw", 3) // a github-pat in format, not a credential
	src := "package p\n\nfunc f() {\n\tpassword := \"Tr0ub4dor&3-x9\"\n\ttok := \"" + pat + "\"\n\t_, _ = password, tok\n}\n"
	rulesAt := func(name string) map[string]bool {
		fs, _ := ScanFile(context.Background(), nil, name, []byte(src))
		got := map[string]bool{}
		for _, f := range fs {
			got[fmt.Sprintf("%s:%d", f.RuleID, f.Line)] = true
		}
		return got
	}
	prod := rulesAt("pkg/config.go")
	for _, want := range []string{"hardcoded-credential:4", "github-pat:5"} {
		if !prod[want] {
			t.Errorf("config.go: %s not reported (got %v)", want, prod)
		}
	}
	test := rulesAt("pkg/config_test.go")
	if !test["github-pat:5"] || len(test) != 1 {
		t.Errorf("config_test.go: got %v, want only github-pat:5 (the password is a fixture)", test)
	}
}

func TestOpenAPIExamplesQuiet(t *testing.T) {
	src := "paths:\n  /auth:\n    post:\n      responses:\n        200:\n          examples:\n            application/json:\n              IdentityToken: \"q8Lm2vXk9zPwR4tNq8Lm2vXk\"\n" +
		"components:\n  schemas:\n    Auth:\n      properties:\n        token:\n          type: string\n          example: q8Lm2vXk9zPwR4tNq8Lm2vXk\n" +
		"config:\n  token: q8Lm2vXk9zPwR4tNq8Lm2vXk\n"
	fs, _ := ScanFile(context.Background(), nil, "api/swagger.yaml", []byte(src))
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s:%d", f.RuleID, f.Line))
	}
	if len(got) != 1 || got[0] != "hardcoded-credential:17" {
		t.Errorf("got %v, want only hardcoded-credential:17 (the examples document a shape)", got)
	}
	if !examplePath("paths./auth.post.responses.200.examples.application/json.IdentityToken") || examplePath("spec.template.spec.containers[0].env[DB_PASSWORD].value") || examplePath(`all.hosts["web1.example.com"].ansible_password`) {
		t.Error("examplePath")
	}
}

// TestTestSupportDirs: Go files of test support packages below the scanned
// root follow the test policy, as under go vet; the directories above the
// root do not count.
func TestTestSupportDirs(t *testing.T) {
	base := filepath.Join(t.TempDir(), "test") // a root inside a directory named test
	src := "package p\n\nconst FixturePassword = \"Tr0ub4dor&3-x9\"\n"
	writeTestFile(t, filepath.Join(base, "app", "config.go"), src)
	writeTestFile(t, filepath.Join(base, "app", "internal", "testutil", "fixtures.go"), src)
	res, err := Run(context.Background(), Options{Paths: []string{base}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, filepath.ToSlash(strings.TrimPrefix(f.File, filepath.ToSlash(base)+"/")))
	}
	if len(got) != 1 || got[0] != "app/config.go" {
		t.Errorf("files with findings = %v, want only app/config.go", got)
	}
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAWSPairInTestSupport: an AWS key pair in test support code is a
// provider format, reported there as by go vet: the id even outside
// gitleaks' base32 alphabet, the secret access key beside it. A pair that
// says it is fake is not.
func TestAWSPairInTestSupport(t *testing.T) {
	id := "AKIA" + fakesecret.From(14, fakesecret.Base32) + "9Q"
	secret := fakesecret.Password(36) + "/Q7k"
	src := "package testutil\n\nconst (\n\tStagingAccessKeyID = \"" + id + "\"\n\tStagingSecretAccessKey = \"" + secret + "\"\n\tFakeSecretAccessKey = \"fake" + secret[4:] + "\"\n)\n"
	fs, _ := ScanFile(context.Background(), nil, "internal/testutil/fixtures.go", []byte(src))
	got := map[string]bool{}
	for _, f := range fs {
		got[fmt.Sprintf("%s:%d", f.RuleID, f.Line)] = true
	}
	if len(got) != 2 || !got["aws-access-token:4"] || !got["aws-secret-access-key:5"] {
		t.Errorf("got %v, want aws-access-token:4 and aws-secret-access-key:5", got)
	}
}

// TestAWSSessionToken: an STS session token is reported as
// aws-session-token in any text (a credentials file, an env file, a Go
// constant under any name), once, at the token; a stand-in word at the
// same places is not.
func TestAWSSessionToken(t *testing.T) {
	tok := fakesecret.AWSSessionToken()
	cfg, err := rules.DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"home/.aws/credentials": "[default]\naws_access_key_id = ASIAY34FZKBOKMUTVV7A\naws_session_token = " + tok + "\n",
		"deploy/app.env":        "AWS_SESSION_TOKEN=" + tok + "\n",
		"notes/p.go":            "package p\n\nconst note = \"" + tok + "\"\n",
		"notes/readme.md":       "Paste the token:\n\n    " + tok + "\n",
	} {
		fs, _ := ScanFile(context.Background(), cfg, name, []byte(src))
		n := 0
		for _, f := range fs {
			if f.RuleID == rules.AWSSessionTokenRuleID {
				n++
				if got := src[f.Offset:f.EndOffset]; !strings.Contains(got, tok) && !strings.Contains(tok, strings.Trim(got, `"`)) {
					t.Errorf("%s: finding spans %d bytes that are not the token", name, len(got))
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d aws-session-token findings, want 1 (%d findings in all)", name, n, len(fs))
		}
	}
	for name, src := range map[string]string{
		"home/.aws/credentials": "[default]\naws_session_token = SESSION\n",
		"notes/p.go":            "package p\n\nconst prefix = \"IQoJb3JpZ2luX2Vj\"\n",
	} {
		if fs, _ := ScanFile(context.Background(), cfg, name, []byte(src)); len(fs) != 0 {
			t.Errorf("%s: %d findings, want none", name, len(fs))
		}
	}
}
