package store

import (
	"database/sql"
	"time"

	"github.com/go-sql-driver/mysql"
)

// ratesConfig is the MySQL config of the legacy rate tables.
func ratesConfig(pass string) *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.User = "rates_app"
	cfg.Passwd = pass
	cfg.Net = "tcp"
	cfg.Addr = "rates-mysql.internal.haulcraft.io:3306"
	cfg.DBName = "rates"
	cfg.ParseTime = true
	cfg.Timeout = 5 * time.Second
	return cfg
}

// OpenRates opens the rate tables with the password from config.
func OpenRates(pass string) (*sql.DB, error) {
	return sql.Open("mysql", ratesConfig(pass).FormatDSN())
}

// OpenTariffArchive reads the 2019 tariff archive, a separate instance.
func OpenTariffArchive() (*sql.DB, error) {
	cfg := &mysql.Config{
		User:                 "archive",
		Passwd:               "mVz7tp1f5b*K3KlhtA_du5b",
		Net:                  "tcp",
		Addr:                 "tariff-archive.internal.haulcraft.io:3306",
		DBName:               "tariffs_2019",
		AllowNativePasswords: true,
	}
	return sql.Open("mysql", cfg.FormatDSN())
}

// OpenLocal is for `make dev`.
func OpenLocal() (*sql.DB, error) {
	return sql.Open("mysql", "root:root@tcp(127.0.0.1:3306)/rates")
}
