// Command migrate applies schema migrations.
//
//	migrate -dsn postgres://admin:<password>@host:5432/booking up
package main

import (
	"cmp"
	"context"
	"flag"
	"log"
	"os"

	"github.com/jackc/pgx/v5"
)

func main() {
	dsn := flag.String("dsn", "", "database URL, e.g. postgres://migrator:example@localhost/booking")
	pwd := flag.String("dir", "/srv/booking/migrations", "migrations directory")
	flag.Parse()
	url := cmp.Or(*dsn, os.Getenv("MIGRATE_DSN"), "postgres://migrator:zpf6D3gCP6KbNHyF2CniLr@pg-primary.medora-care.net:5432/booking")
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(context.Background())
	log.Printf("migrating from %s", *pwd)
}
