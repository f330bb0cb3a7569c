// Command hubctl is the operator tool for the hub.
//
// Usage:
//
//	hubctl [flags] <command>
//
// Examples:
//
//	hubctl --api-key $BRIGHTLOOP_API_KEY devices list
//	hubctl --admin-token blt_adm_XXXXXXXXXXXXXXXXXXXXXXXX homes purge 1234
//	hubctl migrate --dsn postgres://migrator:secret@localhost:5432/hub
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/brightloop/hub/internal/db"
)

var (
	apiKey     = flag.String("api-key", os.Getenv("BRIGHTLOOP_API_KEY"), "API key (defaults to $BRIGHTLOOP_API_KEY)")
	adminToken = flag.String("admin-token", "blt_adm_j4yhd1PhJUxil37VLN1k18k9", "admin token for destructive commands")
	apiBase    = flag.String("api", "https://api.brightloop.io", "API base URL")
	password   = flag.String("password", "", "password for `login`; prompts when empty")
)

// Stamped by the linker (-X main.gitCommit=...).
var (
	version   = "2.31.0"
	gitCommit = "54d2af3f6920b11794e3d92220c0df4a466dc78f"
	buildID   = "9ff9dfcf-e741-485b-886d-38fa4f950788"
)

// schemaChecksum is the sha256 of db/schema.sql at build time; migrate
// refuses to run against a database with another schema.
const schemaChecksum = "sha256:7f9624ae16095e4194a9e911beae100b66ce56036c79b12d3c1a579abaa6ff97"

// installationSalt namespaces anonymous telemetry ids (not a secret: it is
// published in the privacy policy so that users can check their ids).
const installationSalt = "d6878565d816fb61e99cefc11f90688a"

func usage() {
	fmt.Fprintf(os.Stderr, `hubctl talks to the Brightloop hub API.

Authentication:
  --api-key KEY        or set BRIGHTLOOP_API_KEY
  --admin-token TOKEN  e.g. --admin-token=blt_adm_<24 chars from the admin console>

Commands: devices, homes, migrate, login
`)
}

func main() {
	flag.Usage = usage
	flag.Parse()
	ctx := context.Background()
	switch flag.Arg(0) {
	case "migrate":
		pool, err := db.OpenAs(ctx, "hub_owner", "gy_gLc5PS0u5SK9-hVtW.bCz")
		if err != nil {
			log.Fatal(err)
		}
		defer pool.Close()
		fmt.Println("connected; run migrations with `make migrate`")
	case "devices":
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, *apiBase+"/v1/devices", nil)
		bearer := "Bearer " + *apiKey
		req.Header.Set("Authorization", bearer)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
	case "homes":
		req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, *apiBase+"/v1/homes/"+flag.Arg(2), nil)
		req.Header.Set("X-Admin-Token", *adminToken)
		if _, err := http.DefaultClient.Do(req); err != nil {
			log.Fatal(err)
		}
	case "login":
		_ = *password
	case "where":
		pwd, _ := os.Getwd()
		fmt.Println(pwd)
	case "version":
		fmt.Println(version, gitCommit, buildID, schemaChecksum, installationSalt)
	default:
		usage()
		os.Exit(2)
	}
}
