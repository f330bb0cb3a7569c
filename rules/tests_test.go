package rules

import "testing"

func TestQuietInTests(t *testing.T) {
	for id, want := range map[string]bool{
		"hardcoded-credential": true,
		"credential-sink":      true,
		"url-credentials":      true,
		"generic-api-key":      true,
		"github-pat":           false,
		"aws-access-token":     false,
		"private-key":          false,
		"my-company-token":     false, // a user's gitleaks rule
	} {
		if got := QuietInTests(id); got != want {
			t.Errorf("QuietInTests(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestObviouslyFake(t *testing.T) {
	for s, want := range map[string]bool{
		"ghp_FAKEq8Lm2vXk9zPw7Tr3": true, "sk_test_4eC39HqLyjWDarjtT1zdp7dc": true,
		"AKIAXXXXXXXXXXXXXXXX": true, "ghp_q8Lm2vXk9zPw7Tr3Lm2vXk9zPw7Tr3abcd": false,
	} {
		if got := ObviouslyFake(s); got != want {
			t.Errorf("ObviouslyFake(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsTestPackage(t *testing.T) {
	for path, want := range map[string]bool{
		"k8s.io/client-go/testing":              true,
		"github.com/jackc/pgx/v5/testsetup":     true,
		"example.com/app/internal/testutil":     true,
		"example.com/app/internal/testhelpers":  true,
		"k8s.io/client-go/kubernetes/fake":      true,
		"example.com/app/mocks":                 true,
		"example.com/app/test/e2e":              true,
		"example.com/app":                       false,
		"example.com/app/internal/attestation":  false,
		"example.com/testimony/app":             false,
		"github.com/stretchr/testify/assert":    false,
		"k8s.io/client-go/tools/clientcmd/api":  false,
		"example.com/app/internal/contestentry": false,
		"pkg/testcerts":                         true,
		"pkg/util/testingcert":                  true,
		"test/integtest/scripts":                true,
		"tools/e2e-framework":                   true,
		"pkg/fuzzer":                            true,
		"internal/fakeclient":                   true,
		"docs/latest":                           false,
		"pkg/fuzzy":                             false,
		"pkg/stubborn":                          false,
		"k8s.io/kubernetes/test/E2ETests":       true,
		"ui/mirage/factories":                   true,
		"web/cypress/support":                   true,
		"pkg/impact":                            false,
	} {
		if got := IsTestPackage(path); got != want {
			t.Errorf("IsTestPackage(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestIsTestFile(t *testing.T) {
	for base, want := range map[string]bool{
		"auth_test.go": true, "testing.go": true, "test_helpers.go": true, "fake_client.go": true,
		"mock_store.go": true, "fuzz.go": true, "e2e_setup.sh": true, "integtest.py": true, "zz_generated.fakes.go": true,
		"fakeTokenSource.go": true, "main.go": false, "attestation.go": false, "latest.yaml": false, "contest.go": false,
		"testify.go": false, "fuzzy_match.go": false,
	} {
		if got := IsTestFile(base); got != want {
			t.Errorf("IsTestFile(%q) = %v, want %v", base, got, want)
		}
	}
	if !IsTestSupport("pkg/testcerts/certs.go") || !IsTestSupport("pkg/x/testing.go") || IsTestSupport("pkg/x/certs.go") {
		t.Error("IsTestSupport does not combine directory and file name")
	}
}
