// Package core holds what secretlint's analyzers share: extraction of an
// analyzer's documentation from its doc.go, suppression directives, the
// file policy (generated files, test files, allowlisted paths), folding of
// string values through constants, conversions and single-assignment
// variables, and the reporting pipeline that applies the configuration.
//
// Nothing here keeps package-level mutable state: every value is built per
// analyzer instance or per pass.
package core

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// ExtractDoc returns the documentation of analyzer name from the contents
// of its package's doc.go: the text after "name:" in the section headed
// "# Analyzer name" of the package comment, up to the next heading. It is
// the form analysis.Analyzer.Doc expects (a one-line title, a blank line,
// the description).
func ExtractDoc(content, name string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc.go: %w", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	heading := "# Analyzer " + name
	text := f.Doc.Text()
	for _, section := range strings.Split("\n"+text, "\n# ") {
		section = "# " + section
		first, body, _ := strings.Cut(section, "\n")
		if strings.TrimSpace(first) != heading {
			continue
		}
		body = strings.TrimSpace(body)
		rest, ok := strings.CutPrefix(body, name+":")
		if !ok {
			return "", fmt.Errorf("heading %q is not followed by a %q line", heading, name+": title")
		}
		return strings.TrimSpace(rest), nil
	}
	return "", fmt.Errorf("doc.go has no %q section", heading)
}

// MustExtractDoc is ExtractDoc for package initialisation: doc.go is part
// of the analyzer's source, so a malformed one is a programming error that
// the analyzer's tests catch.
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// URL returns the README anchor documenting analyzer name.
func URL(name string) string {
	return "https://github.com/secretlint-go/secretlint#analyzer-" + name
}
