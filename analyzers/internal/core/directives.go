package core

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/rules"
)

// Directive is one //secretlint:ignore comment.
type Directive struct {
	Pos   token.Pos
	File  *token.File
	Line  int
	Rules []string
	// Problem says why the directive is invalid ("" when valid).
	Problem string
}

// Directives are the suppression comments of a package's files.
type Directives struct {
	list  []*Directive
	index map[*token.File]map[int][]*Directive // line -> directives covering it
	allow map[*token.File]map[int]bool         // lines with gitleaks:allow
	used  map[token.Pos]bool
}

var reDirective = regexp.MustCompile(`^//\s?secretlint:ignore(?:\s+(\S+))?(?:\s+(\S.*))?$`)

// ParseDirectives reads the suppression comments of files. A directive
// covers its own line (a trailing comment) and the next line (a comment
// above the code). known reports whether a rule id exists.
func ParseDirectives(fset *token.FileSet, files []*ast.File, known func(string) bool) *Directives {
	d := &Directives{
		index: map[*token.File]map[int][]*Directive{},
		allow: map[*token.File]map[int]bool{},
		used:  map[token.Pos]bool{},
	}
	for _, f := range files {
		tf := fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				line := tf.Line(c.Slash)
				if strings.Contains(c.Text, "gitleaks:allow") {
					if d.allow[tf] == nil {
						d.allow[tf] = map[int]bool{}
					}
					d.allow[tf][line] = true
				}
				if !strings.Contains(c.Text, "secretlint:ignore") {
					continue
				}
				text := c.Text
				if i := strings.Index(text[2:], "//"); i >= 0 {
					// A second // starts a comment about the directive
					// (as in //nolint:x // why), not part of it.
					text = text[:2+i]
				}
				m := reDirective.FindStringSubmatch(strings.TrimRight(text, " \t\r"))
				if m == nil {
					continue // prose that mentions the directive
				}
				dir := &Directive{Pos: c.Slash, File: tf, Line: line}
				if m[1] == "" {
					dir.Problem = "needs a rule id and a reason: //secretlint:ignore <rule> <reason>"
				} else {
					for _, id := range strings.Split(m[1], ",") {
						if id == "" {
							continue
						}
						if !known(id) {
							dir.Problem = "names unknown rule " + quoteShort(id)
							break
						}
						dir.Rules = append(dir.Rules, id)
					}
					if dir.Problem == "" && strings.TrimSpace(m[2]) == "" {
						dir.Problem = "needs a reason after the rule id"
					}
				}
				d.list = append(d.list, dir)
				if dir.Problem != "" {
					continue
				}
				if d.index[tf] == nil {
					d.index[tf] = map[int][]*Directive{}
				}
				d.index[tf][line] = append(d.index[tf][line], dir)
				d.index[tf][line+1] = append(d.index[tf][line+1], dir)
			}
		}
	}
	return d
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}

// lines returns the file and the first and last lines of [pos, end].
func lines(fset *token.FileSet, pos, end token.Pos) (*token.File, int, int) {
	tf := fset.File(pos)
	if tf == nil {
		return nil, 0, 0
	}
	first := tf.Line(pos)
	last := first
	if end.IsValid() && end > pos && int(end) <= tf.Base()+tf.Size() {
		last = tf.Line(end)
	}
	return tf, first, last
}

// GitleaksAllowed reports whether a gitleaks:allow comment is on one of
// the lines of [pos, end].
func (d *Directives) GitleaksAllowed(fset *token.FileSet, pos, end token.Pos) bool {
	tf, first, last := lines(fset, pos, end)
	if tf == nil || d.allow[tf] == nil {
		return false
	}
	for l := first; l <= last; l++ {
		if d.allow[tf][l] {
			return true
		}
	}
	return false
}

// Suppress reports whether a directive for rule covers pos, and marks it
// used.
func (d *Directives) Suppress(fset *token.FileSet, pos token.Pos, rule string) bool {
	tf, line, _ := lines(fset, pos, token.NoPos)
	if tf == nil {
		return false
	}
	for _, dir := range d.index[tf][line] {
		for _, r := range dir.Rules {
			if r == rule {
				d.used[dir.Pos] = true
				return true
			}
		}
	}
	return false
}

// MarkUsed marks the directives at the given positions as used (by
// another analyzer of the same package).
func (d *Directives) MarkUsed(pos map[token.Pos]bool) {
	for p := range pos {
		d.used[p] = true
	}
}

// Used returns the positions of the directives that suppressed something.
func (d *Directives) Used() map[token.Pos]bool { return d.used }

// All returns every directive, valid or not, in source order.
func (d *Directives) All() []*Directive { return d.list }

// IsUsed reports whether a directive suppressed something.
func (d *Directives) IsUsed(dir *Directive) bool { return d.used[dir.Pos] }

// KnownRule reports whether id names a rule secretlint or the
// configuration's gitleaks rule set knows.
func KnownRule(cfg *rules.Config) func(string) bool {
	return func(id string) bool {
		if _, ok := rules.Lookup(id); ok {
			return true
		}
		_, ok := cfg.Gitleaks.Rules[id]
		return ok
	}
}
