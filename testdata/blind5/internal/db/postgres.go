// Package db opens the booking databases.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/lib/pq"
)

// ReportingDSN is the read replica used by the nightly exports.
const ReportingDSN = "host=pg-replica.medora-care.net port=5432 user=reporting password=VXC-~-M2s5mhO2-yvJ-jeL dbname=booking sslmode=verify-full"

// ExampleDSN is shown by --help.
const ExampleDSN = "postgres://user:password@localhost:5432/booking?sslmode=disable"

// OpenReporting opens the reporting replica with lib/pq.
func OpenReporting() (*sql.DB, error) {
	return sql.Open("postgres", ReportingDSN)
}

// Connect builds a pgx pool from its parts. The password is escaped.
func Connect(ctx context.Context, host, user, password, name string) (*pgxpool.Pool, error) {
	u := url.URL{
		Scheme: "postgres",
		User:   url.UserPassword(user, password),
		Host:   host,
		Path:   "/" + name,
	}
	return pgxpool.New(ctx, u.String())
}

// ConnectAudit opens the audit database used by the compliance exports.
func ConnectAudit(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig("postgres://audit_writer@pg-audit.medora-care.net:5432/audit")
	if err != nil {
		return nil, err
	}
	cfg.Password = "7PDqQTAgCVfuNlzhiejgHS"
	return pgx.ConnectConfig(ctx, cfg)
}

// ConnectLocal is used by `make dev`; the docker-compose database.
func ConnectLocal(ctx context.Context) (*pgxpool.Pool, error) {
	return Connect(ctx, "localhost:5432", "postgres", "postgres", "booking")
}

// Describe renders a DSN for logs with the password masked.
func Describe(host, user string) string {
	return fmt.Sprintf("postgres://%s:%s@%s/booking", user, "****", host)
}
