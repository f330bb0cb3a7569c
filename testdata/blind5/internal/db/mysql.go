package db

import (
	"database/sql"
	"time"

	"github.com/go-sql-driver/mysql"
)

// The legacy practice-management system (PMS) still runs on MySQL.
func legacyConfig(addr, user, pass string) *mysql.Config {
	c := mysql.NewConfig()
	c.Net = "tcp"
	c.Addr = addr
	c.User = user
	c.Passwd = pass
	c.DBName = "pms"
	c.ParseTime = true
	c.Timeout = 5 * time.Second
	return c
}

// OpenLegacyPMS opens the read-only PMS replica.
func OpenLegacyPMS() (*sql.DB, error) {
	cfg := legacyConfig("pms-db.medora-care.net:3306", "booking_ro", "kCG5ppQU1p8.K7DOWfjFh2")
	return sql.Open("mysql", cfg.FormatDSN())
}

// OpenLegacyArchive opens the archive schema.
func OpenLegacyArchive() (*sql.DB, error) {
	return sql.Open("mysql", "archive_ro:eTAVkeGaBp0ml8g_SJ1kHo@tcp(pms-archive.medora-care.net:3306)/pms_archive?parseTime=true")
}

// OpenLegacy opens the PMS with caller-supplied credentials.
func OpenLegacy(addr, user, pass string) (*sql.DB, error) {
	return sql.Open("mysql", legacyConfig(addr, user, pass).FormatDSN())
}
