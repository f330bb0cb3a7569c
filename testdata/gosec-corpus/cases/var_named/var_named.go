// label: secret

// Package varnamed: a literal api key in a secret-named variable.
package varnamed

var apiKey = "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"

var _ = apiKey
