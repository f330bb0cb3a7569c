package goscan

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sync"

	"github.com/secretlint-go/secretlint/rules"
)

// Summaries of another package of the scanned module, for scan's
// per-file pass: which parameters of its exported functions reach a
// credential sink or a secret-named field. They are computed from syntax,
// file by file, as the same-file summaries are (summary.go), and only on
// demand: a call pkg.F(…) to a package of the module with a literal that
// could be a credential (judged as if it were written under a password
// name) asks for them, so that the other package's files are parsed once,
// and only in the rare files that pass such a literal. go vet follows the
// same flows through facts, with types.

// Summaries are the function summaries of one package, computed on
// first use (NewSummaries) or at once (Summarise).
type Summaries struct {
	once    sync.Once
	compute func() *Summaries
	fns     map[string]map[int]paramSink
	pkg     string // the package name of the summarised files
}

// NewSummaries returns summaries that compute calls for on first use
// (compute may return nil: no summaries).
func NewSummaries(compute func() *Summaries) *Summaries {
	return &Summaries{compute: compute}
}

// load computes the summaries once.
func (s *Summaries) load() *Summaries {
	s.once.Do(func() {
		if s.compute != nil {
			if c := s.compute(); c != nil {
				s.fns, s.pkg = c.fns, c.pkg
			}
		}
	})
	return s
}

// of returns the summary of the function name.
func (s *Summaries) of(name string) map[int]paramSink {
	return s.load().fns[name]
}

// pkgName returns the package name of the summarised files.
func (s *Summaries) pkgName() string {
	return s.load().pkg
}

// Summarise returns the summaries of a package's functions from its
// parsed files (srcs[i] is files[i]'s content), those of the package
// most of the files declare: another package uses only the exported
// ones, the package's own other files every one.
func Summarise(fset *token.FileSet, files []*ast.File, srcs [][]byte, opts Options) *Summaries {
	sum := &Summaries{fns: map[string]map[int]paramSink{}}
	names := map[string]int{}
	for _, f := range files {
		names[f.Name.Name]++
		if names[f.Name.Name] > names[sum.pkg] || names[f.Name.Name] == names[sum.pkg] && f.Name.Name < sum.pkg {
			sum.pkg = f.Name.Name
		}
	}
	for i, f := range files {
		if f.Name.Name != sum.pkg {
			continue
		}
		var fns []*ast.FuncDecl
		for _, d := range f.Decls {
			if summarisable(d) {
				fns = append(fns, d.(*ast.FuncDecl))
			}
		}
		if len(fns) == 0 {
			continue
		}
		o := opts
		o.Imported, o.Local = nil, nil // one level: a package's own summaries
		s := newScanner(fset, f, srcs[i], o)
		s.prepare()
		s.paramSinks = map[string]map[int]paramSink{}
		s.summariseFuncs(fns)
		for name, m := range s.paramSinks {
			if len(m) > 0 {
				sum.fns[name] = m
			}
		}
	}
	return sum
}

// ParseForSummary parses a file of another package for Summarise:
// without comments and object resolution.
func ParseForSummary(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
}

// importedCall judges the literals passed to an exported function of
// another package of the module, by that package's summaries.
func (s *scanner) importedCall(n *ast.CallExpr, pkg, name string) {
	if s.imported == nil || s.sum != nil || !ast.IsExported(name) {
		return
	}
	sums := s.imported(pkg) // nil for another module's package, at once
	if sums == nil || !s.credentialArg(n) {
		return
	}
	if sum := sums.of(name); sum != nil {
		s.applySummary(n, sum, path.Base(pkg)+"."+name)
	}
}

// credentialArg reports whether a call has a literal argument that could
// be a credential: one the name rule would report under "token" (a
// generated value), or under "password" when it mixes upper and lower
// case letters and digits (a chosen one; words, versions, addresses and
// CIDRs are not asked about).
func (s *scanner) credentialArg(n *ast.CallExpr) bool {
	for _, a := range n.Args {
		v, lit, ok := s.foldLit(a)
		if !ok || !lit || len(v) < 8 {
			continue
		}
		if rules.CheckAssignment(s.j.Names, rules.Candidate{Name: "token", Value: v}).Match {
			return true
		}
		if rules.MixedCase(v) && rules.CheckAssignment(s.j.Names, rules.Candidate{Name: "password", Value: v}).Match {
			return true
		}
	}
	return false
}

// LiteralArgWorth reports whether Go source passes a string literal that
// could be a credential straight to a call (f(…, "…")): the files worth
// parsing for the summaries of functions another file or package
// declares (Options.Local, Options.Imported), which the name and sink
// prefilters (WorthHits) cannot see. A literal that could be one has at
// least 8 characters, no blank, and mixes letters and digits (a chosen
// password mixes cases too).
func LiteralArgWorth(src []byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '"')
		if i < 0 {
			return false
		}
		i += off
		end := bytes.IndexByte(src[i+1:], '"')
		if end < 0 {
			return false
		}
		end += i + 1
		off = end + 1
		lit := src[i+1 : end]
		if len(lit) < 8 || len(lit) > 256 || bytes.ContainsAny(lit, " \t\n\\") {
			continue
		}
		j := i - 1
		for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
			j--
		}
		if j < 0 || src[j] != '(' && src[j] != ',' {
			continue
		}
		if credentialShape(lit) {
			return true
		}
	}
}

// credentialShape reports whether a literal mixes upper and lower case
// letters and digits, or is 16 or more letters and digits with both.
func credentialShape(lit []byte) bool {
	var up, low, dig, other bool
	for _, c := range lit {
		switch {
		case c >= 'A' && c <= 'Z':
			up = true
		case c >= 'a' && c <= 'z':
			low = true
		case c >= '0' && c <= '9':
			dig = true
		default:
			other = true
		}
	}
	return up && low && dig || len(lit) >= 16 && (up || low) && dig && !other
}
