package policy

import "testing"

// Quiet: fixtures need literal passwords, DSNs and generic keys.
const (
	testPassword = "hX9#kq2!Vr7pLm4Zt"
	testDSN      = "postgres://app:hX9kq2Vr7pLm@db.internal:5432/app"
	testDefault  = "${DB_PASSWORD:hX9kq2Vr7pLm}"
	apiKeyLine   = "api_key=Zt8kQ2vLm91xRk2vQ9xLm7"
)

// A provider-format key is reported in a test too.
const leakedToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `github pat in string literal assigned to leakedToken \(github-pat\)`

// Unless it says it is fake.
const fakeToken = "ghp_FAKEj0groLhnzorSxMpCUEVtLkibEtSy1234"

// A directive for a quiet rule is not stale.
//
//secretlint:ignore hardcoded-credential fixture for the login test
const loginPassword = "Rk2vQ9xLm7pZ8wR4"

func TestLogin(t *testing.T) {
	login := func(user, password string) bool { return password != "" }
	if !login("admin", "hX9#kq2!Vr7pLm4Zt") {
		t.Fatal("login failed")
	}
}
