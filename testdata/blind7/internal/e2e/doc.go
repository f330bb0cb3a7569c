//go:build e2e

// Package e2e runs end-to-end tests against staging: go test -tags e2e ./internal/e2e/
package e2e
