// Command fleetctl is the fleet admin CLI.
package main

import (
	"flag"
	"fmt"
	"os"
)

const usage = `fleetctl - fleet admin CLI

Usage:
  fleetctl --api-token <token> drain NODE
  fleetctl --dsn "postgres://user:secret@localhost/fleet" migrate
  FLEET_API_TOKEN=$(pass show fleet/api) fleetctl status
`

var (
	dsn      = flag.String("dsn", "", `database DSN, e.g. "fleet:PASSWORD@tcp(localhost:3306)/fleet"`)
	apiToken = flag.String("api-token", os.Getenv("FLEET_API_TOKEN"), "API token (default $FLEET_API_TOKEN)")
	apiURL   = flag.String("api-url", "https://api.acme-logistics.io", "API base URL")
	password = flag.String("password", "", "admin password; prompts when empty")
)

func main() {
	flag.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	flag.Parse()
	if *apiToken == "" {
		fmt.Fprintln(os.Stderr, "fleetctl: no API token (set FLEET_API_TOKEN or --api-token)")
		os.Exit(2)
	}
	fmt.Println(*apiURL, *dsn != "", *password != "")
}
