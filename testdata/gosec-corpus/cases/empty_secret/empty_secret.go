// label: clean

// Package emptysecret: empty secrets.
package emptysecret

var (
	password = ""
	token    string
)
