// label: secret

// Package plainkeyfield: a random key in a field named only Key.
package plainkeyfield

type Client struct{ Key string }

var Default = Client{Key: "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"}
