package config

import (
	"testing"
)

func TestLoadDefaults(t *testing.T) {
	t.Setenv("HAULCRAFT_PG_PASSWORD", "test-password")
	t.Setenv("JWT_SECRET", "not-a-real-secret")
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.PGPassword != "test-password" {
		t.Fatalf("got %q", c.PGPassword)
	}
	if r := c.Redacted(); r.PGPassword == c.PGPassword {
		t.Fatal("not redacted")
	}
}
