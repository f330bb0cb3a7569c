package gorewrite

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// SiteOf returns the Site of a secretlint analyzer diagnostic, whose range
// is the secret's expression. id and ref are the caller's.
func SiteOf(fset *token.FileSet, d analysis.Diagnostic, id, ref string) Site {
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() {
		end = fset.Position(d.End)
	}
	return Site{ID: id, File: start.Filename, Offset: start.Offset, EndOffset: end.Offset, Ref: ref}
}
