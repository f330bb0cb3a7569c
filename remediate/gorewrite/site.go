package gorewrite

import (
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// Site is one secret in Go source to rewrite: the byte span of its literal
// (a finding's Offset and EndOffset: the string literal token, quotes
// included, or any span inside the secret's expression) and the reference
// that will replace it.
type Site struct {
	// ID identifies the site to the caller (a finding's fingerprint);
	// Results carry it back.
	ID string
	// File is the path of the Go file, absolute or relative to the
	// directory the packages were loaded from.
	File string
	// Offset and EndOffset are the byte span of the literal in File.
	Offset, EndOffset int
	// Ref is the reference to read the value from at run time, such as
	// ref+awssecrets://NAME#/KEY or ref+vault://MOUNT/PATH#/KEY.
	Ref string
}

// Shape names how a site was (or would have been) rewritten.
type Shape string

// Shapes of rewrite.
const (
	// ShapeGet: in a function that returns an error, the value is read
	// into a new variable by a statement inserted before the one that used
	// it, with the error returned in the function's idiom.
	ShapeGet Shape = "get"
	// ShapeMustGet: a call to MustGet in place of the literal (package-level
	// initialisers, functions that return no error).
	ShapeMustGet Shape = "mustget"
	// ShapeConstToVar: a constant holding the secret became a variable.
	ShapeConstToVar Shape = "const-to-var"
	// ShapeLazy: a package-level variable becomes a secretref.Lazy, and
	// each use reads it (name.Value()).
	ShapeLazy Shape = "lazy"
)

// Result is the outcome for one Site.
type Result struct {
	Site
	// Rewritten is true when the site's expression is replaced in the
	// planned (or applied) change.
	Rewritten bool
	// Shape says how.
	Shape Shape
	// Reason says why the site is not rewritable; it names places and
	// rules, never the value.
	Reason string
	// Value is the whole constant value the rewrite replaces, which is what
	// the store must hold under Ref. It can be longer than the literal of
	// the site: a secret built by constant concatenation is replaced
	// whole.
	Value finding.Secret
	// SameAs is the ID of another site whose rewrite replaced this site's
	// literal too (both were part of one concatenation or one constant);
	// the value is read from that site's reference.
	SameAs string
	// Package is the import path of the package that holds the site.
	Package string
	// NewImports lists the imports the rewrite adds to the site's file.
	NewImports []string
}

func (r *Result) fail(format string, args ...string) {
	r.Rewritten = false
	r.Reason = format
	if len(args) > 0 {
		r.Reason = strings.NewReplacer(args...).Replace(format)
	}
}
