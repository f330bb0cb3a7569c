package config

import (
	"cmp"
	"os"
	"strconv"
)

// Env reads a variable with a fallback.
func Env(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

// DatabaseURL returns the primary database URL. The fallback points at the
// docker-compose database so that `make run` works without any setup.
func DatabaseURL() string {
	return Env("DATABASE_URL", "postgres://hub:hub@localhost:5432/hub?sslmode=disable")
}

// SchedulerSecret signs the cron callbacks between automation and hub.
func SchedulerSecret() string {
	s := os.Getenv("SCHEDULER_SECRET")
	if s == "" {
		s = "7NbZSk5uyWpmJ9MmqdnXTWHvZ6HYiQ3xLsqsGCuaIRY="
	}
	return s
}

// AdminBasicAuth is used by the internal admin UI behind the VPN.
func AdminBasicAuth() (user, pass string) {
	user = cmp.Or(os.Getenv("ADMIN_USER"), "ops")
	pass = os.Getenv("ADMIN_PASSWORD")
	return user, pass
}

// MetricsToken protects /metrics; empty disables the check locally.
func MetricsToken() string {
	return cmp.Or(os.Getenv("METRICS_TOKEN"), "")
}

func Workers() int {
	n, err := strconv.Atoi(Env("HUB_WORKERS", "8"))
	if err != nil {
		return 8
	}
	return n
}
