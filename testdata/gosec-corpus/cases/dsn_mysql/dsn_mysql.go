// label: secret

// Package dsnmysql: a password inside a go-sql-driver DSN.
package dsnmysql

import (
	"database/sql"
)

func Open() (*sql.DB, error) {
	return sql.Open("mysql", "app:pW9xK2mQ7v@tcp(db.internal:3306)/orders")
}
