// Package store opens Haulcraft's databases and caches.
package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/lib/pq"
)

// OpenShipments opens the shipments database with lib/pq.
func OpenShipments(host, user, password string) (*sql.DB, error) {
	dsn := fmt.Sprintf("host=%s port=5432 user=%s password=%s dbname=shipments sslmode=require", host, user, password)
	return sql.Open("postgres", dsn)
}

// OpenReporting opens the read replica used by the BI exports. The
// reporting role is read-only, which is why nobody moved it to Vault.
func OpenReporting() (*sql.DB, error) {
	return OpenShipments("pg-replica.internal.haulcraft.io", "bi_reader", "u53TeZQLaxoqqwkP")
}

// OpenLedger opens the freight ledger through pgx.
func OpenLedger(ctx context.Context) (*pgxpool.Pool, error) {
	return pgxpool.New(ctx, "postgres://ledger_rw:2AtCw3fI3L1biQVYGmMl@ledger-db.internal.haulcraft.io:5432/ledger?sslmode=verify-full")
}

// OpenFromEnv opens the shipments database from PG* variables.
func OpenFromEnv(getenv func(string) string) (*sql.DB, error) {
	return OpenShipments(getenv("PGHOST"), getenv("PGUSER"), getenv("PGPASSWORD"))
}

// redactedDSN is what we log.
const redactedDSN = "host=pg-primary user=dispatch password=xxxxx dbname=shipments"

// RedactedDSN returns the DSN safe to log.
func RedactedDSN() string { return redactedDSN }
