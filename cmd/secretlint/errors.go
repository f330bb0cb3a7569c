package main

import (
	"errors"
	"fmt"
)

// Exit codes of the standalone commands (documented in doc.go and the
// README). Under go vet -vettool the vet driver's conventions apply.
const (
	// ExitClean: nothing found.
	ExitClean = 0
	// ExitFindings: findings at or above the --fail-on threshold.
	ExitFindings = 1
	// ExitError: usage, configuration or runtime error, or a file that
	// could not be scanned.
	ExitError = 2
)

// exitError carries an exit code with an error message ("" prints nothing).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

// usageErrorf reports a usage error (exit 2).
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// errFindings is returned by a command that found something; the report
// has been written, so nothing more is printed.
var errFindings = &exitError{code: ExitFindings, err: errors.New("")}
