// label: clean

// Package localdefaultdsn: default credentials of a local test database.
package localdefaultdsn

import (
	"database/sql"
)

func Open() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://postgres:postgres@localhost:5432/test")
}
