// label: secret

// Package urluserpassword: a literal password passed to url.UserPassword.
package urluserpassword

import (
	"net/url"
)

func U() *url.Userinfo {
	return url.UserPassword("app", "Rk2vQ9xLm7pZ")
}
