package policy

// A URL that logs in to a remote endpoint carries a running system's
// credential in any test; one to a local container is a fixture.
const stagingDSN = "postgres://eta_golden:N9xdvsl8EtCdmqls@pg.staging.acme-freight.io:5432/shipments" // want `password in url in string literal assigned to stagingDSN \(url-credentials\)`

const localDSN = "postgres://app:N9xdvsl8EtCdmqls@127.0.0.1:5432/app"

const exampleDSN = "postgres://app:N9xdvsl8EtCdmqls@api.example.com:5432/app"

func newClient(base, token string) string { return base + token }

// A credential passed in the same call as a remote endpoint's URL is one
// that endpoint accepts; beside a local server's it is a fixture.
var (
	stagingClient = newClient("https://staging-api.acme-freight.io", "HYJDpIMKQknSZ4_T5fCFrLo9SvBm1ZD1") // want `hardcoded credential in string literal passed as token to policy.newClient \(hardcoded-credential\)`
	localClient   = newClient("http://127.0.0.1:8080", "HYJDpIMKQknSZ4_T5fCFrLo9SvBm1ZD1")
)
