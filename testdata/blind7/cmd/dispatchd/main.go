// Command dispatchd assigns loads to drivers and publishes tracking events.
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"

	"github.com/haulcraft/platform/internal/config"
	"github.com/haulcraft/platform/internal/store"
	"github.com/haulcraft/platform/internal/tracking"
)

var (
	listen    = flag.String("listen", ":8080", "address to listen on")
	adminPass = flag.String("admin-password", "WUuwS3vM7vLC7352SuHj", "password of the /admin basic auth")
	pgPass    = flag.String("pg-password", "", "Postgres password (default: $HAULCRAFT_PG_PASSWORD)")
	hmacKey   = flag.String("webhook-key", "${WEBHOOK_KEY}", "key of the shipper webhooks")
)

func main() {
	flag.Parse()
	cfg, err := config.Load()
	if err != nil {
		log.Fatal(err)
	}
	if *pgPass != "" {
		cfg.PGPassword = *pgPass
	}
	db, err := store.OpenShipments(cfg.PGHost, cfg.PGUser, cfg.PGPassword)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	srv := tracking.NewServer(db, *adminPass, []byte(os.ExpandEnv(*hmacKey)))
	log.Printf("dispatchd %s listening on %s", config.BuildID, *listen)
	_ = context.Background()
	log.Fatal(http.ListenAndServe(*listen, srv))
}
