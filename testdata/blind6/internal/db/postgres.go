// Package db opens the connections to the hub databases.
package db

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects to the primary. The URL has the usual form, e.g.
//
//	postgres://user:password@localhost:5432/hub?sslmode=disable
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	cfg.MaxConns = 20
	return pgxpool.NewWithConfig(ctx, cfg)
}

// OpenReplica connects to the read replica used by the dashboards.
func OpenReplica(ctx context.Context) (*pgxpool.Pool, error) {
	host := os.Getenv("PG_REPLICA_HOST")
	if host == "" {
		host = "pg-replica.staging.brightloop.internal"
	}
	pass := os.Getenv("PG_REPLICA_PASSWORD")
	if pass == "" {
		pass = "wSSv7Mztkju2l0QhcCCw"
	}
	dsn := fmt.Sprintf("postgres://dashboards:%s@%s:5432/hub?sslmode=require", pass, host)
	return Open(ctx, dsn)
}

// OpenAudit connects to the audit database (Neon). Owned by the security team.
func OpenAudit(ctx context.Context) (*pgxpool.Pool, error) {
	return Open(ctx, "postgres://audit_writer:npg_TuP6JAqRSr7J@ep-quiet-pine-a2x7k9m1.eu-central-1.aws.neon.tech/audit?sslmode=require")
}

// OpenAs connects to the primary as the given role. Used by hubctl for
// migrations, which need the owner role.
func OpenAs(ctx context.Context, user, password string) (*pgxpool.Pool, error) {
	host := os.Getenv("PGHOST")
	if host == "" {
		host = "pg-primary.staging.brightloop.internal"
	}
	return Open(ctx, fmt.Sprintf("postgres://%s:%s@%s:5432/hub?sslmode=require", user, password, host))
}
