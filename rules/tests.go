package rules

import (
	"encoding/base64"
	"strings"
)

// QuietInTests reports whether a rule stays quiet in test code (a
// _test.go file, a test support package): every rule except the
// provider-format rules (gitleaks' rules, those of a user's
// .gitleaks.toml, and this project's Provider rules such as
// aws-secret-access-key), of which only the name-based generic-api-key is
// quiet.
// Test fixtures need literal passwords; a key in a provider's format is
// worth reporting wherever it is, because providers and attackers scan
// for exactly that format.
func QuietInTests(id string) bool {
	if id == GenericRuleID {
		return true
	}
	r, ok := Lookup(id)
	if !ok {
		return false // a user's gitleaks rule
	}
	return r.Source != "gitleaks" && !r.Provider
}

// ObviouslyFake reports whether a provider-format value found in test
// code says it is not real (fake, dummy, example, test, xxxx, or wrong
// and incorrect as in a negative test, fuzz as a fuzz seed …); a JWT
// says it in its decoded claims too ("sub": "test-user").
func ObviouslyFake(s string) bool {
	if claims, ok := jwtClaims(s); ok && fakeWords(claims) {
		return true
	}
	return fakeWords(s)
}

func fakeWords(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"fake", "dummy", "example", "sample", "notreal", "not-real", "not_real", "invalid", "xxxx", "test", "wrong", "incorrect", "bogus", "fuzz"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// IsTestPackage reports whether an import path (or a directory path)
// names test support code: a path element with a test word as one of its
// word parts (test, tests, testing, testdata, e2e, fake, fakes, mock,
// mocks, fuzz, fixtures, harness, integtest, mirage, cypress …, or test glued to another
// word: testutil, testcerts, testingcert, e2e-framework, fake_client):
// k8s.io/client-go/testing, github.com/jackc/pgx/v5/testsetup,
// …/internal/testutil, pkg/testcerts. Words that only start or end like
// one are not (testify, testimony, latest, attestation, fuzzy). Give it
// the path below the module (or the scanned root), so that the
// directories above do not count.
func IsTestPackage(path string) bool {
	for _, el := range strings.Split(path, "/") {
		if testElement(el) {
			return true
		}
	}
	return false
}

// IsTestFile reports whether a file's base name says it is test support
// code: a _test.go file, or a name with a test word as a word part
// (testing.go, test_helpers.go, fake_client.go, mock_store.go, fuzz.go,
// e2e_setup.sh, integtest.py).
func IsTestFile(base string) bool {
	if strings.HasSuffix(base, "_test.go") {
		return true
	}
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return testElement(base)
}

// IsTestSupport reports whether a path below the module or scanned root
// is test support code: its directory (IsTestPackage) or its file name
// (IsTestFile) says so.
func IsTestSupport(rel string) bool {
	dir, base := "", rel
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		dir, base = rel[:i], rel[i+1:]
	}
	return IsTestFile(base) || IsTestPackage(dir)
}

// FixtureInTests reports whether a rule's findings in test support code
// are fixtures rather than leaks: a PEM private key there is a test
// certificate's key (reported at low severity by scan, not at all by the
// analyzers, which have no severities).
func FixtureInTests(id string) bool { return id == "private-key" }

// FixtureValue reports whether a finding of rule id with value v is a
// fixture in test support code: FixtureInTests, or a PEM private key in a
// Kubernetes Secret's entry (the tls.key of a test manifest, raw or
// base64), the same key the private-key rule would lower there.
func FixtureValue(id, v string) bool {
	return FixtureInTests(id) || id == "kubernetes-secret-data" && pemPrivateKey(v)
}

// pemPrivateKey reports whether v is a PEM private key block, or base64
// of one.
func pemPrivateKey(v string) bool {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "LS0tLS1CRUdJTi") && len(v) >= 64 {
		head, err := base64.StdEncoding.DecodeString(v[:64])
		if err != nil {
			return false
		}
		v = string(head)
	}
	return strings.HasPrefix(v, "-----BEGIN ") && strings.Contains(v[:min(len(v), 48)], "PRIVATE KEY")
}

// testWords are the words that make a path element test support.
var testWords = map[string]bool{
	"test": true, "tests": true, "testing": true, "testdata": true, "e2e": true, "fake": true,
	"fakes": true, "mock": true, "mocks": true, "mocked": true, "fuzz": true, "fuzzer": true,
	"fuzzers": true, "fuzzing": true, "fixture": true, "fixtures": true, "harness": true,
	"integtest": true, "integtests": true, "itest": true, "stub": true, "stubs": true,
	// the directories of mock servers and browser test runners: Ember's
	// Mirage (mirage/factories, mirage/handlers), WireMock's mappings,
	// Cypress and Playwright suites, Pact contracts
	"mirage": true, "wiremock": true, "cypress": true, "playwright": true, "pact": true, "pacts": true,
}

// notTestWords start (or end) like a test word and are not one.
var notTestWords = map[string]bool{
	"testify": true, "testimony": true, "testimonial": true, "testament": true, "testate": true,
	"testator": true, "testosterone": true, "testicle": true, "testnet": true,
	"fakeroot": true, "mockingbird": true,
}

// testCompoundHeads are words that, glued before test, make a kind of
// test (unittest, smoketest, e2etest); latest, contest and attest are not.
var testCompoundHeads = []string{"integ", "unit", "smoke", "e2e", "load", "perf", "sys", "int", "acc", "conformance", "stress", "soak", "chaos", "api", "func", "system", "regression"}

// testElement reports whether one path element has a test word as a
// word part.
func testElement(el string) bool {
	for _, w := range elementWords(el) {
		if testWords[w] {
			return true
		}
		if notTestWords[w] {
			continue
		}
		for _, p := range []string{"testing", "test", "fake", "mock", "fuzz", "e2e"} {
			if rest, ok := strings.CutPrefix(w, p); ok && len(rest) >= 3 {
				return true // testutil, testcerts, testingcert, fakeclient, mockstore, fuzzdata
			}
		}
		for _, s := range []string{"tests", "test", "testing"} {
			if head, ok := strings.CutSuffix(w, s); ok && head != "" {
				for _, h := range testCompoundHeads {
					if head == h {
						return true
					}
				}
			}
		}
	}
	return false
}

// elementWords splits a path element into lower-case words at
// punctuation and at lower-to-upper case changes, keeping digits with
// their letters (e2e, E2ETests → e2e tests).
func elementWords(el string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(el[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(el); i++ {
		c := el[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		switch {
		case !alnum:
			flush(i)
		case start < 0:
			start = i
		case c >= 'A' && c <= 'Z' && el[i-1] >= 'a' && el[i-1] <= 'z':
			flush(i)
			start = i
		case c >= 'A' && c <= 'Z' && i+1 < len(el) && el[i+1] >= 'a' && el[i+1] <= 'z' && el[i-1] >= 'A' && el[i-1] <= 'Z':
			flush(i) // E2ETests: the T starts a word after the acronym
			start = i
		}
	}
	flush(len(el))
	return out
}
