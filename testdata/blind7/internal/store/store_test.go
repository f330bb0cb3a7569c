package store

import "testing"

func TestRatesConfigDSN(t *testing.T) {
	cfg := ratesConfig("dummy-pass")
	if got := cfg.FormatDSN(); got == "" {
		t.Fatal("empty DSN")
	}
}

// The sqlmock fixtures below use the documented example user.
var fixtureDSN = "postgres://postgres:postgres@localhost:5432/shipments_test?sslmode=disable"

func TestFixtureDSN(t *testing.T) {
	if fixtureDSN == "" {
		t.Fatal("no dsn")
	}
}
