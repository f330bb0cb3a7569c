package config

import "testing"

func TestSchedulerSecretFromEnv(t *testing.T) {
	t.Setenv("SCHEDULER_SECRET", "test-scheduler-secret")
	if SchedulerSecret() != "test-scheduler-secret" {
		t.Fatal("env not used")
	}
}

func TestAdminBasicAuth(t *testing.T) {
	t.Setenv("ADMIN_USER", "admin")
	t.Setenv("ADMIN_PASSWORD", "hunter2")
	if _, p := AdminBasicAuth(); p != "hunter2" {
		t.Fatalf("got %q", p)
	}
}

func TestDatabaseURLDefault(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://test:test@localhost:5432/test")
	if DatabaseURL() == "" {
		t.Fatal("empty")
	}
}
