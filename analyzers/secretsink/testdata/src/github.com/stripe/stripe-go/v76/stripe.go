// Package stripe is a stub for tests.
package stripe

var Key string
