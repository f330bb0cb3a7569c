package goscan

import (
	"go/ast"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
)

// Provider formats split across a constant concatenation
// (keyPrefix + "5bqy…" where keyPrefix = "sk_live_"): the provider rules
// run over the text, where the key is never written whole, so the file's
// folded concatenations are offered to them too (Options.Detect), in one
// call per file, as the analyzers offer go/types' constant values.

// folded is a maximal constant concatenation of the file.
type folded struct {
	e ast.Expr
	v string
}

// noteFolded records a maximal + expression that folds to a constant
// with a literal in it.
func (s *scanner) noteFolded(n *ast.BinaryExpr) {
	if s.detect == nil || s.sum != nil || s.innerAdd[n] {
		return
	}
	for _, x := range []ast.Expr{n.X, n.Y} {
		if b, ok := ast.Unparen(x).(*ast.BinaryExpr); ok && b.Op == token.ADD {
			if s.innerAdd == nil {
				s.innerAdd = map[*ast.BinaryExpr]bool{}
			}
			s.innerAdd[b] = true
		}
	}
	if v, lit, ok := s.foldLit(n); ok && lit && len(v) >= 16 && !strings.Contains(v, "\n\n") {
		s.folds = append(s.folds, folded{n, v})
	}
}

// detectFolded runs the provider rules over the recorded concatenations
// and reports the matches no single literal of them holds (those the
// text pass finds).
func (s *scanner) detectFolded() {
	if len(s.folds) == 0 {
		return
	}
	const sep = "\n\n"
	starts := make([]int, len(s.folds))
	var b strings.Builder
	for i, f := range s.folds {
		if i > 0 {
			b.WriteString(sep)
		}
		starts[i] = b.Len()
		b.WriteString(f.v)
	}
	content := b.String()
	for _, m := range s.detect(content) {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > m.MatchStart }) - 1
		if i < 0 || m.End > starts[i]+len(s.folds[i].v) || m.Secret == "" {
			continue
		}
		f := s.folds[i]
		if !s.j.Enabled(m.RuleID) || rules.GenericRule(m.RuleID) || !rules.Plausible(content, m) || s.inOneLiteral(f.e, m.Secret) {
			continue
		}
		switch rules.Classify(m.Secret).Kind {
		case rules.KindEmpty, rules.KindPlaceholder, rules.KindReference, rules.KindReferenceDefault, rules.KindExample:
			continue
		}
		d := judge.Decision{RuleID: m.RuleID, Verdict: rules.Verdict{Match: true, Start: m.Start - starts[i], End: m.End - starts[i]}}
		s.report(f.e, f.v, d, "constant expression matches the format of a "+strings.ReplaceAll(m.RuleID, "-", " "), "")
	}
}

// inOneLiteral reports whether one operand of e, a string literal or a
// named constant, holds secret whole: the text pass reports it where that
// is written.
func (s *scanner) inOneLiteral(e ast.Expr, secret string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if v, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && strings.Contains(v, secret) {
				found = true
			}
		case *ast.Ident:
			if v, ok := s.consts[n.Name]; ok && strings.Contains(v, secret) {
				found = true
			}
		}
		return !found
	})
	return found
}
