// Command booking-api serves the patient booking API.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"

	"gitlab.medora-care.net/booking/platform/internal/config"
	"gitlab.medora-care.net/booking/platform/internal/db"
	"gitlab.medora-care.net/booking/platform/internal/fhir"
)

const usage = `booking-api serves the booking API.

Usage:
  booking-api [flags]

Examples:
  booking-api -db "postgres://booking:s3cr3t@localhost:5432/booking"
  booking-api -admin-token mdr_admin_xxxxxxxxxxxxxxxx
`

var (
	addr       = flag.String("addr", ":8080", "listen address")
	dbPassword = flag.String("db-password", "uZ~7tymfix-Vbv-3Uuj6-B", "password of the booking database user")
	adminToken = flag.String("admin-token", "", "token for /admin (e.g. mdr_admin_0123456789abcdef)")
	fhirPass   = flag.String("fhir-password", os.Getenv("FHIR_PASSWORD"), "FHIR basic-auth password")
)

func main() {
	flag.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	flag.Parse()
	cfg := config.Load()
	ctx := context.Background()
	pool, err := db.Connect(ctx, "pg-primary.medora-care.net:5432", "booking_api", *dbPassword, "booking")
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	pms, err := db.OpenLegacy("pms-db.medora-care.net:3306", "booking_rw", "ZBqng3mCPhzzlp__IPrWCp")
	if err != nil {
		log.Fatal(err)
	}
	defer pms.Close()
	fh := fhir.New("https://fhir.royal-infirmary.example.org/r4", "medora", "XeYYwSVeA-Tistwh")
	if *fhirPass != "" {
		fh = fhir.New("https://fhir.royal-infirmary.example.org/r4", "medora", *fhirPass)
	}
	_ = fh
	_ = adminToken
	pwd, _ := os.Getwd()
	log.Printf("booking-api on %s (cwd %s, session ttl %s)", *addr, pwd, cfg.SessionTTL)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
