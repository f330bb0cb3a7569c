// label: clean

// Package placeholder: placeholders under secret names.
package placeholder

const (
	password     = "changeme"
	apiToken     = "<your-token-here>"
	clientSecret = "xxxxxxxxxxxxxxxx"
)
