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

// A JWT is reported in a test unless its name, the comment above it or
// its claims say it is a fixture.

const sessionJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTg4NDEiLCJyb2xlIjoib3BzIiwiaWF0IjoxNzMzMDAwMDAwfQ.e_L3G_CEc5i429k5zn4vgc1TycLyUR59e-HWBVqg4Nw" // want `jwt in string literal assigned to sessionJWT \(jwt\)`

const sampleJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTMzMTciLCJyb2xlIjoiYmlsbGluZyIsImlhdCI6MTczMzAwMDUwMH0.6_8nvED7jpK0yPS7JLd3-7dUAYFBjZ0xIYP-b21SHgo"

// parserJWT is signed by a throwaway key: Parse must reject it.
const parserJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTU1MjAiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3MzMwMDEwMDB9.HmIsvAt1MZf7Kv2sSYGtgQKLh7bz2yvnzTRFZsOSPFs"

const claimsJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJpYXQiOjE3MzMwMDAwMDB9.FbXxVk9C93fpwcThq3iYXFYcqtplZyNyfOImihjnBe4"

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
