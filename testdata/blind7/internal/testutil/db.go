package testutil

import (
	"cmp"
	"os"
)

// PostgresURL is the DSN of the CI service container.
func PostgresURL() string {
	return cmp.Or(os.Getenv("TEST_DATABASE_URL"), "postgres://haulcraft:haulcraft@127.0.0.1:5432/haulcraft_test?sslmode=disable")
}

// StagingReadOnly is used by the golden-data tests that compare our ETA
// model with staging data. It is the read-only staging role.
func StagingReadOnly() string {
	return "postgres://eta_golden:N9xdvsl8EtCdmqls@pg.staging.haulcraft.io:5432/shipments?sslmode=require"
}
