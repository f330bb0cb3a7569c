// label: secret

// Package dsnlibpq: a password inside a libpq key/value connection string.
package dsnlibpq

import (
	"database/sql"
)

const conninfo = "host=db.internal user=app password=hX9kq2Vr7pLm dbname=orders"

func Open() (*sql.DB, error) { return sql.Open("postgres", conninfo) }
