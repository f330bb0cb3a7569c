package store

import (
	"os"
	"testing"
)

// TestStagingReplica runs against the staging replica when STAGING=1.
func TestStagingReplica(t *testing.T) {
	if os.Getenv("STAGING") != "1" {
		t.Skip("set STAGING=1 to run against staging")
	}
	db, err := OpenMySQL("staging-db.acme-logistics.io:3306", "fleet_stage", "zK_I2mkB4gRnxK.0WEW6Rz")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
}

func TestParseDSN(t *testing.T) {
	c, err := ParseDSN("tester:fake-password@tcp(127.0.0.1:3306)/fleet_test")
	if err != nil {
		t.Fatal(err)
	}
	if c.Passwd != "fake-password" {
		t.Fatalf("password = %q", c.Passwd)
	}
	if got := Describe(c); got != "tester:***@127.0.0.1:3306/fleet_test" {
		t.Fatalf("Describe = %q", got)
	}
}

func TestEnv(t *testing.T) {
	t.Setenv("ANALYTICS_PG_PASSWORD", "test")
	if os.Getenv("ANALYTICS_PG_PASSWORD") != "test" {
		t.Fatal("env not set")
	}
}
