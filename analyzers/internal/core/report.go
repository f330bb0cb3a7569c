package core

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/secretlint-go/secretlint/rules"
)

// Finding is a diagnostic before the configuration, the file policy and
// the suppressions have been applied.
type Finding struct {
	Rule     string
	Pos, End token.Pos
	// SecretPos and SecretEnd, when set, narrow the diagnostic to the
	// secret's own bytes inside the literal (see SecretSpan); Pos and End
	// stay the literal's, for directives and deduplication.
	SecretPos, SecretEnd token.Pos
	// Message states what was found and where, without the rule suffix
	// and never with the value.
	Message string
	// Secret is the value judged, matched against allow.values; it is
	// never printed.
	Secret  string
	Related []analysis.RelatedInformation
}

// Outcome is what Report did with a finding.
type Outcome int

// Outcomes of Report.
const (
	// Dropped: the rule is disabled, the value allowlisted, or the file's
	// policy keeps the rule quiet.
	Dropped Outcome = iota
	// Suppressed by a directive or gitleaks:allow.
	Suppressed
	// Reported as a diagnostic.
	Reported
)

// Reporter applies the configuration, the file policy and the
// suppressions to findings, and reports what is left.
type Reporter struct {
	pass *analysis.Pass
	cfg  *rules.Config
	Dirs *Directives
	skip map[*token.File]bool
	// testPkg: the package is test support code (see rules.IsTestPackage).
	testPkg bool
	// live memoizes rules.LiveTest per test file.
	live map[*token.File]bool
	// test: files outside the pass's packages (AddExcluded), test code
	// or not by their own path.
	test map[*token.File]bool
	// remote: a file of the package names a remote host (PackageRemote).
	remoteOnce sync.Once
	remote     bool
	// sources holds the text of test files read for the remote-endpoint
	// policy (source).
	sources map[*token.File]string
}

// AddExcluded tells the reporter about a Go file that the build excludes
// and that is reported at positions in tf: its path below the module
// (rel) decides whether it is test code, and its source whether that
// test reaches a live system (rules.LiveTest), where remoteNear says
// whether another file of its directory names a remote host.
func (r *Reporter) AddExcluded(tf *token.File, rel string, src []byte, remoteNear bool) {
	r.test[tf] = rules.IsTestSupport(rel)
	r.live[tf] = rules.LiveMarked(src) && (remoteNear || rules.NamesRemoteHost(src))
}

// PackageRemote reports whether a file of the package names a remote
// host (rules.NamesRemoteHost), read once.
func (r *Reporter) PackageRemote() bool {
	r.remoteOnce.Do(func() {
		for _, f := range r.pass.Files {
			if tf := r.pass.Fset.File(f.FileStart); tf != nil {
				if src, err := r.read(tf.Name()); err == nil && rules.NamesRemoteHost(src) {
					r.remote = true
					return
				}
			}
		}
	})
	return r.remote
}

func (r *Reporter) read(name string) ([]byte, error) {
	if r.pass.ReadFile != nil {
		return r.pass.ReadFile(name)
	}
	return os.ReadFile(name)
}

// NewReporter returns the reporter of one pass.
func NewReporter(pass *analysis.Pass, cfg *rules.Config) *Reporter {
	r := &Reporter{pass: pass, cfg: cfg, skip: map[*token.File]bool{}, live: map[*token.File]bool{}, test: map[*token.File]bool{}, testPkg: rules.IsTestPackage(belowModule(pass))}
	var files []*ast.File
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		if ast.IsGenerated(f) || r.pathAllowed(tf.Name()) {
			r.skip[tf] = true
			continue
		}
		files = append(files, f)
	}
	r.Dirs = ParseDirectives(pass.Fset, files, KnownRule(cfg))
	return r
}

// pathAllowed applies allow.paths, relative to the configuration's
// directory.
func (r *Reporter) pathAllowed(name string) bool {
	if r.cfg.Dir == "" {
		return false
	}
	rel, err := filepath.Rel(r.cfg.Dir, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	return r.cfg.PathAllowed(rel)
}

// PathAllowed reports whether allow.paths exempts the named file.
func (r *Reporter) PathAllowed(name string) bool { return r.pathAllowed(name) }

// RelName returns a file of the package named by its package's path below
// the module and its base name (internal/testutil/fixtures.go), the path
// the test-code policy and the scan side judge.
func (r *Reporter) RelName(name string) string {
	if dir := belowModule(r.pass); dir != "" {
		return dir + "/" + filepath.Base(name)
	}
	return filepath.Base(name)
}

// Skip reports whether the file is not analysed at all: generated
// (ast.IsGenerated) or exempted by allow.paths.
func (r *Reporter) Skip(f *ast.File) bool {
	tf := r.pass.Fset.File(f.FileStart)
	return tf == nil || r.skip[tf]
}

// belowModule returns the package's import path below its module's path
// ("internal/testutil" for example.com/m/internal/testutil), so that a
// module named example.com/test is not test code as a whole; without
// module information, the whole import path.
func belowModule(pass *analysis.Pass) string {
	p := pass.Pkg.Path()
	if m := pass.Module; m != nil && m.Path != "" {
		if p == m.Path {
			return ""
		}
		if rest, ok := strings.CutPrefix(p, m.Path+"/"); ok {
			return rest
		}
	}
	return p
}

// IsTest reports whether pos is in test code: a _test.go file or another
// file named as test support (rules.IsTestFile: testing.go,
// fake_client.go …), or any file of a test support package
// (rules.IsTestPackage).
func (r *Reporter) IsTest(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if test, ok := r.test[tf]; ok {
		return test
	}
	if r.testPkg {
		return true
	}
	return tf != nil && rules.IsTestFile(filepath.Base(tf.Name()))
}

// liveTest reports whether the test file at pos reaches a live system
// (rules.LiveTest, with the remote host named in any file of the
// package), where the name-based and sink rules are not quiet.
func (r *Reporter) liveTest(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	live, seen := r.live[tf]
	if !seen {
		src, err := r.read(tf.Name())
		live = err == nil && rules.LiveMarked(src) && (rules.NamesRemoteHost(src) || r.PackageRemote())
		r.live[tf] = live
	}
	return live
}

// remoteURLCredential reports whether f is a password inside a URL that
// logs in to a remote endpoint (rules.RemoteURLCredential), reported in
// test code as scan reports it.
func (r *Reporter) remoteURLCredential(f Finding) bool {
	if f.Rule != "url-credentials" || !f.SecretPos.IsValid() || f.SecretEnd < f.SecretPos {
		return false
	}
	tf, src := r.source(f.SecretPos)
	if tf == nil {
		return false
	}
	start, end := tf.Offset(f.SecretPos), tf.Offset(f.SecretEnd)
	return end <= len(src) && rules.RemoteURLCredential(src, start, end)
}

// remoteEndpointLine reports whether f is written on the line (the call)
// of a remote endpoint's URL (rules.RemoteEndpointOnLine), reported in
// test code as scan reports it.
func (r *Reporter) remoteEndpointLine(f Finding) bool {
	pos := f.SecretPos
	if !pos.IsValid() {
		pos = f.Pos
	}
	tf, src := r.source(pos)
	return tf != nil && rules.RemoteEndpointOnLine(src, tf.Offset(pos))
}

// source returns the file holding pos and its text, read once per file.
func (r *Reporter) source(pos token.Pos) (*token.File, string) {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return nil, ""
	}
	if src, ok := r.sources[tf]; ok {
		return tf, src
	}
	b, err := r.read(tf.Name())
	if err != nil {
		return nil, ""
	}
	if r.sources == nil {
		r.sources = map[*token.File]string{}
	}
	r.sources[tf] = string(b)
	return tf, r.sources[tf]
}

// Report applies, in order: the rule's enablement, the test-file policy,
// allow.values, gitleaks:allow and //secretlint:ignore, then reports the
// finding as "message (rule)" with Category set to the rule id.
func (r *Reporter) Report(f Finding) Outcome {
	if !r.cfg.RuleEnabled(f.Rule) {
		return Dropped
	}
	if r.IsTest(f.Pos) && (rules.QuietInTests(f.Rule) && (!r.liveTest(f.Pos) && !r.remoteURLCredential(f) && !r.remoteEndpointLine(f) || rules.ObviouslyFake(f.Secret)) || rules.FixtureInTests(f.Rule)) {
		// A directive written for this finding is not stale: mark it.
		r.Dirs.Suppress(r.pass.Fset, f.Pos, f.Rule)
		return Dropped
	}
	if f.Secret != "" && r.cfg.ValueAllowed(f.Secret) {
		return Dropped
	}
	if r.Dirs.GitleaksAllowed(r.pass.Fset, f.Pos, f.End) || r.Dirs.Suppress(r.pass.Fset, f.Pos, f.Rule) {
		return Suppressed
	}
	pos, end := f.Pos, f.End
	if f.SecretPos.IsValid() && f.SecretEnd >= f.SecretPos {
		pos, end = f.SecretPos, f.SecretEnd
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: f.Rule,
		Message:  f.Message + " (" + f.Rule + ")",
		Related:  f.Related,
	})
	return Reported
}

// ReportDirectives reports invalid directives and valid ones that
// suppressed nothing, once every analyzer of the package has used them.
// A directive naming a disabled rule is not judged.
func (r *Reporter) ReportDirectives() {
	for _, d := range r.Dirs.All() {
		if d.Problem != "" {
			r.report(d, "invalid-suppression", "secretlint:ignore directive "+d.Problem)
			continue
		}
		if r.Dirs.IsUsed(d) {
			continue
		}
		judged := false
		for _, id := range d.Rules {
			if r.cfg.RuleEnabled(id) {
				judged = true
			}
		}
		if judged {
			r.report(d, "unused-suppression", "secretlint:ignore directive for "+strings.Join(d.Rules, ",")+" suppresses nothing on this line or the next")
		}
	}
}

func (r *Reporter) report(d *Directive, rule, msg string) {
	if !r.cfg.RuleEnabled(rule) {
		return
	}
	r.pass.Report(analysis.Diagnostic{Pos: d.Pos, Category: rule, Message: msg + " (" + rule + ")"})
}

// Title returns the short lowercase name of a rule used in messages.
func Title(id string) string {
	if r, ok := rules.Lookup(id); ok && r.Title != "" {
		return r.Title
	}
	return strings.ReplaceAll(id, "-", " ")
}

// SkipPos reports whether pos lies in a file that is not analysed.
func (r *Reporter) SkipPos(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	return tf == nil || r.skip[tf]
}

// Lazy returns a function that yields cfg, or, when cfg is nil, the
// default configuration loaded on first use. Analyzers made with a nil
// configuration cost nothing until they run: go vet starts the tool once
// per package, dependencies included, and most of those processes never
// run an analyzer.
func Lazy(cfg *rules.Config) func() *rules.Config {
	if cfg != nil {
		return func() *rules.Config { return cfg }
	}
	return sync.OnceValue(DefaultConfig)
}

// DefaultConfig returns the configuration without a user file. It cannot
// fail at run time: it parses gitleaks' embedded rule set, which the rules
// package's tests validate, so a failure is a build defect.
func DefaultConfig() *rules.Config {
	cfg, err := rules.DefaultConfig()
	if err != nil {
		panic("secretlint: loading the built-in rules: " + err.Error())
	}
	return cfg
}

// Words renders an identifier as lowercase words ("secretAccessKey" →
// "secret access key").
func Words(name string) string { return strings.Join(rules.SplitWords(name), " ") }

// SecretSpan returns the position of bytes [a, b) of text, the value of
// node, when node is one string literal written without escapes, so that a
// diagnostic points at the secret itself (the password inside a URL, the
// token after "Bearer "), the column scan reports; else node's span.
func SecretSpan(node ast.Expr, text string, a, b int) (token.Pos, token.Pos) {
	lit, ok := ast.Unparen(node).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING || len(lit.Value) < 2 || lit.Value[1:len(lit.Value)-1] != text || a < 0 || b < a || b > len(text) {
		return node.Pos(), node.End()
	}
	return lit.Pos() + token.Pos(1+a), lit.Pos() + token.Pos(1+b)
}

// LeafSpan is SecretSpan for bytes [start, end) of a folded value, placed
// in the leaf that holds start.
func LeafSpan(val Value, leaf Leaf, start, end int) (token.Pos, token.Pos) {
	if end <= start || end > len(val.S) {
		end = len(val.S)
	}
	end = min(end, leaf.End)
	return SecretSpan(leaf.Node, val.S[leaf.Start:leaf.End], start-leaf.Start, end-leaf.Start)
}
