package secretref

import (
	"errors"
	"strings"
)

// Sentinel errors, matched with errors.Is on the *Error that Get returns.
var (
	// ErrBadRef: the string is not a reference this package can read.
	ErrBadRef = errors.New("malformed reference")
	// ErrNoBackend: no backend is registered for the reference's scheme;
	// import its package (for example secretref/awssecrets) or secretref/all.
	ErrNoBackend = errors.New("no backend registered for the scheme")
	// ErrNotFound: the store holds no secret at the location.
	ErrNotFound = errors.New("secret not found")
	// ErrNoKey: the secret exists but has no such key, or the key does
	// not hold a single value.
	ErrNoKey = errors.New("key not found in secret")
	// ErrUnauthorized: credentials are missing, invalid or lack permission.
	ErrUnauthorized = errors.New("not authorized")
	// ErrUnavailable: the store could not be reached, throttled the
	// request or failed on its side; a later call may succeed.
	ErrUnavailable = errors.New("store unavailable")
)

// Error is the error type of Get and of backends. Its message names the
// reference and the operation, never a value: backends reduce SDK errors to
// codes and statuses instead of wrapping them, because SDK messages can
// echo request and response payloads.
type Error struct {
	Ref    string // the reference, as passed to Get
	Op     string // "parse", "fetch", "select key", ...
	Detail string // a short explanation holding no value
	Err    error  // a sentinel above, possibly joined with a transport or context error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("secretref: ")
	b.WriteString(e.Op)
	b.WriteString(" ")
	b.WriteString(e.Ref)
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }
