// Package store opens the fleet databases.
package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
)

// OpenMySQL opens the fleet database with the given credentials.
func OpenMySQL(addr, user, pass string) (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User = user
	cfg.Passwd = pass
	cfg.Net = "tcp"
	cfg.Addr = addr
	cfg.DBName = "fleet"
	cfg.ParseTime = true
	cfg.Timeout = 5 * time.Second
	return sql.Open("mysql", cfg.FormatDSN())
}

// OpenReporting opens the read replica used by the reporting job.
func OpenReporting() (*sql.DB, error) {
	return OpenMySQL("reporting-ro.db.acme-logistics.io:3306", "report_ro", "J2m-U3lya9EXiBEnYMU")
}

// legacyDSN is kept for the nightly export until it moves to the new cluster.
const legacyDSN = "export:rcsOdNDJqsLoVL3eOzj@tcp(10.20.4.17:3306)/fleet_legacy?parseTime=true"

// OpenLegacy opens the legacy export database.
func OpenLegacy() (*sql.DB, error) { return sql.Open("mysql", legacyDSN) }

// ParseDSN accepts the usual format, user:password@tcp(host:3306)/dbname.
func ParseDSN(dsn string) (*mysql.Config, error) { return mysql.ParseDSN(dsn) }

func migrationConfig() *mysql.Config {
	return &mysql.Config{
		User:                 "migrator",
		Passwd:               "TBiwuC8tQJnkCFGP6ZmG",
		Net:                  "tcp",
		Addr:                 "db-primary.acme-logistics.io:3306",
		DBName:               "fleet",
		AllowNativePasswords: true,
	}
}

// Describe prints a config without its password.
func Describe(c *mysql.Config) string {
	return fmt.Sprintf("%s:***@%s/%s", c.User, c.Addr, c.DBName)
}

var _ = migrationConfig
