package db

import (
	"database/sql"
	"time"

	"github.com/go-sql-driver/mysql"
)

// The reporting warehouse moved to PlanetScale in 2024.
var reportingCfg = mysql.Config{
	User:                 "bi_reader",
	Passwd:               "pscale_pw_EMqhf9N0F-EUM1G-ImPjC6Yzs0-fkGiPd_fbVWN6Xqd",
	Net:                  "tcp",
	Addr:                 "aws.connect.psdb.cloud:3306",
	DBName:               "reporting",
	ParseTime:            true,
	AllowNativePasswords: true,
	TLSConfig:            "true",
}

func OpenReporting() (*sql.DB, error) {
	return sql.Open("mysql", reportingCfg.FormatDSN())
}

// OpenLegacy is only used by the nightly export job.
func OpenLegacy() (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User = "export"
	cfg.Passwd = "7%09B2DWvmq6KJ7-mc"
	cfg.Net = "tcp"
	cfg.Addr = "legacy-mysql.brightloop.internal:3306"
	cfg.DBName = "smartlink"
	cfg.Timeout = 5 * time.Second
	return sql.Open("mysql", cfg.FormatDSN())
}

// OpenLocal opens the database started by docker-compose.
func OpenLocal() (*sql.DB, error) {
	return sql.Open("mysql", "root:root@tcp(127.0.0.1:3306)/reporting?parseTime=true")
}
