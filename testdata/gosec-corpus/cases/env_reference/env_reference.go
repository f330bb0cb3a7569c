// label: clean

// Package envreference: references to variables.
package envreference

const (
	dbPassword = "${DB_PASSWORD}"
	dsnRef     = "postgres://app:${DB_PASSWORD}@db.internal:5432/app"
)
