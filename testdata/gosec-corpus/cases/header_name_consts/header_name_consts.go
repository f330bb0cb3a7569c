// label: clean

// Package headernameconsts: header and scheme names.
package headernameconsts

const (
	authorizationHeader = "Authorization"
	tokenType           = "Bearer"
	authScheme          = "Basic"
)
