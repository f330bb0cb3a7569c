//go:build e2e

package e2e

import (
	"database/sql"
	"testing"

	_ "github.com/lib/pq"
)

func stagingDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", "host=pg.staging.haulcraft.io user=e2e_runner password=meadow-freight-anchor-velvet dbname=shipments sslmode=require")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// The e2e runner user is created by scripts/bootstrap-staging.sh.
func TestStagingDB(t *testing.T) {
	if err := stagingDB(t).Ping(); err != nil {
		t.Fatal(err)
	}
}
