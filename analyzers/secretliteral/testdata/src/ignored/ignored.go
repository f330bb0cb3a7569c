// Package ignored has files that this build excludes (//go:build
// integration): they are checked without types.
package ignored

// Reported: type-checked as usual.
const dbPassword = "Zq9vLm2kXw7pR4tY6uI3" // want `hardcoded credential`
