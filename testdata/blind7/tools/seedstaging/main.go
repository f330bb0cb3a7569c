//go:build ignore

// seedstaging loads demo shipments into the staging database:
//
//	go run tools/seedstaging/main.go
package main

import (
	"database/sql"
	"log"

	"github.com/go-sql-driver/mysql"
)

func main() {
	cfg := mysql.Config{
		User:   "seed",
		Passwd: "rJo5Cr1my3xnGbgkYbev",
		Net:    "tcp",
		Addr:   "rates-mysql.staging.haulcraft.io:3306",
		DBName: "rates",
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("INSERT INTO lanes (origin, dest) VALUES ('NLRTM', 'DEHAM')"); err != nil {
		log.Fatal(err)
	}
}
