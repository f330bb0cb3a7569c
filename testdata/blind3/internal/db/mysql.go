// Package db wraps MySQL connection setup.
package db

import (
	"database/sql"
	"os"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Open connects to the orders schema on addr. For local experiments:
//
//	conn, err := db.Open("reporting", "example-password", "127.0.0.1:3306")
func Open(user, p, addr string) (*sql.DB, error) {
	cfg := mysql.Config{
		User:                 user,
		Passwd:               p,
		Net:                  "tcp",
		Addr:                 addr,
		DBName:               "orders",
		ParseTime:            true,
		AllowNativePasswords: true,
		Timeout:              5 * time.Second,
	}
	return sql.Open("mysql", cfg.FormatDSN())
}

// OpenReadOnly connects with the replica account used by reporting jobs.
func OpenReadOnly(addr string) (*sql.DB, error) {
	return Open("ro_reporting", "Mx7!tQeLp2#v", addr)
}

// OpenMigrator connects with the schema migration account.
func OpenMigrator(addr string) (*sql.DB, error) {
	return Open("migrator", os.Getenv("MIGRATOR_PASSWORD"), addr)
}

// OpenLocal is used by `make dev`; the docker-compose MySQL has no root password.
func OpenLocal() (*sql.DB, error) {
	return Open("root", "", "127.0.0.1:3306")
}
