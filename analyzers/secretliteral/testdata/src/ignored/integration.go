//go:build integration

package ignored

import "net/http"

// Reported at its position although no build of this test sees the file.
const stagingPassword = "Bq7vLm2kXw7pR4tY6uI3" // want `^identifier "stagingPassword" holds a literal credential \(in a file this build excludes\) \(hardcoded-credential\)$`

func login(req *http.Request) {
	req.SetBasicAuth("runner", "Fjord-7731xQ9v") // want `\(credential-sink\)$`
}

// Quiet: an environment reference, and a suppressed fixture.
var fromEnv = "${STAGING_PASSWORD}"

const fixturePassword = "Hq7vLm2kXw7pR4tY6uI3" //secretlint:ignore hardcoded-credential -- a fixture
