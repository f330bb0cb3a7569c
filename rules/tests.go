package rules

import "strings"

// QuietInTests reports whether a rule stays quiet in test code (a
// _test.go file, a test support package): every rule except the
// provider-format rules (gitleaks' rules, and those of a user's
// .gitleaks.toml), of which only the name-based generic-api-key is quiet.
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
	return r.Source != "gitleaks"
}

// ObviouslyFake reports whether a provider-format value found in test
// code says it is not real (fake, dummy, example, test, xxxx …).
func ObviouslyFake(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"fake", "dummy", "example", "sample", "notreal", "not-real", "not_real", "invalid", "xxxx", "test"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// IsTestPackage reports whether an import path names test support code:
// a path element that is test, tests, testing, testdata, e2e, fake, fakes,
// mock or mocks, or that starts with testutil, testhelper, testsetup,
// testenv, testserver or testfixture (k8s.io/client-go/testing,
// github.com/jackc/pgx/v5/testsetup, …/internal/testutil). Give it the
// path below the module (or the scanned root), so that the directories
// above do not count.
func IsTestPackage(path string) bool {
	for _, el := range strings.Split(path, "/") {
		switch el {
		case "test", "tests", "testing", "testdata", "e2e", "fake", "fakes", "mock", "mocks":
			return true
		}
		for _, p := range []string{"testutil", "testhelper", "testsetup", "testenv", "testserver", "testfixture"} {
			if strings.HasPrefix(el, p) {
				return true
			}
		}
	}
	return false
}
