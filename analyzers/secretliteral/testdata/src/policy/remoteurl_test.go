package policy

// A URL that logs in to a remote endpoint carries a running system's
// credential in any test; one to a local container is a fixture.
const stagingDSN = "postgres://eta_golden:N9xdvsl8EtCdmqls@pg.staging.acme-freight.io:5432/shipments" // want `password in url in string literal assigned to stagingDSN \(url-credentials\)`

const localDSN = "postgres://app:N9xdvsl8EtCdmqls@127.0.0.1:5432/app"

const exampleDSN = "postgres://app:N9xdvsl8EtCdmqls@api.example.com:5432/app"
