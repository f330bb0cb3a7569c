//go:build e2e

// Package e2e drives the staging booking site end to end.
// Run: go test -tags e2e ./internal/e2e -staging https://staging.medora-care.net
package e2e
