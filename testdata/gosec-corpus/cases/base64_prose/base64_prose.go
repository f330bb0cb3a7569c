// label: clean

// Package base64prose: base64 of prose under a token name.
package base64prose

const greetingToken = "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzZWNyZXQ="
