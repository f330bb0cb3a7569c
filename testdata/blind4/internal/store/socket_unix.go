//go:build unix

package store

import (
	"database/sql"

	"github.com/go-sql-driver/mysql"
)

// OpenSocket opens the local MySQL over its unix socket (the backup host only).
func OpenSocket() (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User = "backup"
	cfg.Passwd = "RLSnmQTeKiHfouh6MXMz-p"
	cfg.Net = "unix"
	cfg.Addr = "/var/run/mysqld/mysqld.sock"
	cfg.DBName = "fleet"
	return sql.Open("mysql", cfg.FormatDSN())
}
