// label: clean

// Package errormessages: error strings about secrets.
package errormessages

import (
	"errors"
)

var (
	ErrBadPassword = errors.New("invalid password supplied")
	ErrNoToken     = errors.New("token is missing or expired")
)
