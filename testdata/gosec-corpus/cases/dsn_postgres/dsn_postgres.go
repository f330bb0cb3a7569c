// label: secret

// Package dsnpostgres: a password inside a postgres URL passed to sql.Open.
package dsnpostgres

import (
	"database/sql"
)

func Open() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://app:hX9kq2Vr7pLm@db.internal:5432/app")
}
