package scan

import (
	"go/scanner"
	"go/token"
	"sort"

	"github.com/secretlint-go/secretlint/rules"
)

// providerFilter drops provider-rule matches that cannot be a secret where
// they were found. gitleaks' rules see text; the file's structure says
// more:
//
//   - in Go source a secret is written in a string or rune literal or a
//     comment; a match in code is an identifier or a selector
//     (istio's selector s.AutoAllocated…IPv4Address matched gitleaks'
//     Vault service token rule);
//   - rules.Plausible: not in the body of a PEM block, and a
//     generic-api-key value that can be a secret.
type providerFilter struct {
	text  string
	goSrc bool
	spans [][2]int // Go literal and comment spans, computed on first use
	quiet []bool   // per span: a comment or help text, where generic rules are quiet
	lexed bool
	bad   bool // the Go source did not lex: keep every match
	pem   *rules.PEMIndex
}

func (f *providerFilter) keep(m rules.Match) bool {
	if f.pem == nil {
		f.pem = rules.NewPEMIndex(f.text)
	}
	if !rules.PlausibleIndexed(f.pem, m) {
		return false
	}
	if f.goSrc {
		i, ok := f.goLiteral(m.Start, m.End)
		if !ok {
			return false
		}
		if i >= 0 && f.quiet[i] && rules.GenericRule(m.RuleID) {
			// A doc comment's or a usage string's example value.
			return false
		}
	}
	return true
}

// goLiteral returns the index of the string, rune or comment token of
// the Go source that holds [start, end), and whether one does (-1 when the
// source did not lex).
func (f *providerFilter) goLiteral(start, end int) (int, bool) {
	if !f.lexed {
		f.lexed = true
		fset := token.NewFileSet()
		file := fset.AddFile("", fset.Base(), len(f.text))
		var s scanner.Scanner
		errs := 0
		s.Init(file, []byte(f.text), func(token.Position, string) { errs++ }, scanner.ScanComments)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			switch tok {
			case token.STRING, token.CHAR, token.COMMENT:
				off := file.Offset(pos)
				f.spans = append(f.spans, [2]int{off, off + len(lit)})
				f.quiet = append(f.quiet, tok == token.COMMENT || tok == token.STRING && rules.HelpText(lit))
			}
		}
		f.bad = errs > 0
	}
	if f.bad {
		return -1, true
	}
	i := sort.Search(len(f.spans), func(i int) bool { return f.spans[i][1] >= end })
	if i < len(f.spans) && f.spans[i][0] <= start {
		return i, true
	}
	return -1, false
}
