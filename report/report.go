package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// Report is everything one scan produced.
type Report struct {
	Findings []finding.Finding
	Notices  []finding.Notice
	// Root is the scan root, for SARIF's originalUriBaseIds; may be "".
	// Only an absolute root is written (as a file URI).
	Root string
	// Stats are optional: zero fields are left out of every format.
	Stats Stats
	// Sources are the configuration, allowlist and ignore files (and
	// inline directives) that applied, with what each left out: every
	// format reports them, so that a repository that blinds its own scan
	// shows it.
	Sources []Source
}

// Source is one thing that can leave findings out of a scan.
type Source struct {
	// File is the file (a configuration, .gitleaks.toml, ignore files),
	// or what the source is when it is no file ("secretlint:ignore
	// directives").
	File string `json:"file"`
	// Kind is "config", "gitleaks", "ignore" or "directives".
	Kind string `json:"kind"`
	// Suppressed counts findings it removed; SkippedFiles, files it left
	// unread.
	Suppressed   int `json:"suppressed_findings"`
	SkippedFiles int `json:"skipped_files"`
}

// String is the one-line form the text, github and gitlab formats print.
func (s Source) String() string {
	return fmt.Sprintf("%s (%s): %d findings suppressed, %d files skipped", clean(s.File), s.Kind, s.Suppressed, s.SkippedFiles)
}

// Stats describe the scan itself.
type Stats struct {
	// Files and Bytes count what was scanned.
	Files int
	Bytes int64
	// Duration is how long the scan took.
	Duration time.Duration
	// Start is when the scan started. The gitlab format requires a start
	// and end time and uses the time of writing when Start is zero; the
	// other formats leave times out when it is zero.
	Start time.Time
}

// Options control how a report is written.
type Options struct {
	// ToolVersion is the secretlint version ("v1.2.3", "devel", ...).
	ToolVersion string
	// ShowSecrets lets the text and json formats print the values. No
	// other format ever contains a value.
	ShowSecrets bool
	// Color enables ANSI colour in the text format; the caller decides
	// (a terminal, and NO_COLOR not set).
	Color bool
	// Rule describes a rule; nil, or a nil result, falls back to
	// rules.Lookup and then rules.ProviderRule.
	Rule func(id string) *rules.Rule
}

// Module and links written into reports.
const (
	toolName       = "secretlint"
	modulePath     = "github.com/secretlint-go/secretlint"
	informationURI = "https://pkg.go.dev/" + modulePath
)

// writer writes one format.
type writer func(w io.Writer, r *prepared) error

var writers = map[string]writer{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  writeSARIF,
	"github": writeGitHub,
	"gitlab": writeGitLab,
	"junit":  writeJUnit,
}

// Formats returns the names of the supported formats, sorted.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Write writes r to w in the named format. It never modifies r. The output
// depends only on r and opts (and, for gitlab with a zero Stats.Start, the
// clock), so the same input gives the same bytes.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	wr, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown report format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	if r == nil {
		r = &Report{}
	}
	return wr(w, prepare(r, opts))
}

// prepared is a report made ready for writing: findings and notices sorted
// and copied, free text scrubbed of every detected value, rules resolved.
type prepared struct {
	*Report
	opts     Options
	findings []finding.Finding
	notices  []finding.Notice
	// rules holds the rule of each finding, by ID.
	rules map[string]*rules.Rule
	// ruleIDs are the IDs of the rules that appear, sorted.
	ruleIDs []string
	scrub   *strings.Replacer
}

func prepare(r *Report, opts Options) *prepared {
	p := &prepared{
		Report:   r,
		opts:     opts,
		findings: slices.Clone(r.Findings),
		notices:  slices.Clone(r.Notices),
		rules:    map[string]*rules.Rule{},
	}
	finding.Sort(p.findings)
	slices.SortStableFunc(p.notices, compareNotices)
	p.scrub = scrubber(p.findings)
	for i := range p.findings {
		f := &p.findings[i]
		f.Message = p.scrub.Replace(f.Message)
		f.Description = p.scrub.Replace(f.Description)
		f.KeyPath = p.scrub.Replace(f.KeyPath)
		if _, ok := p.rules[f.RuleID]; !ok {
			p.rules[f.RuleID] = lookupRule(opts.Rule, f)
			p.ruleIDs = append(p.ruleIDs, f.RuleID)
		}
	}
	slices.Sort(p.ruleIDs)
	for i := range p.notices {
		p.notices[i].Message = p.scrub.Replace(p.notices[i].Message)
	}
	return p
}

func compareNotices(a, b finding.Notice) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Message, b.Message),
	)
}

// minScrub is the shortest value scrubbed from free text: shorter values
// would mangle ordinary words and are not findings by themselves.
const minScrub = 6

// scrubber replaces every detected value in free text (messages, key
// paths, notices) with its redacted preview. Detectors promise never to
// put a value in a message; this is the second line of defence, so that a
// careless message cannot publish a secret in a SARIF upload or a CI log.
func scrubber(fs []finding.Finding) *strings.Replacer {
	var vals []string
	for i := range fs {
		if v := fs[i].Secret.Reveal(); len(v) >= minScrub {
			vals = append(vals, v)
		}
	}
	// Longest first, so that a value containing another is replaced whole.
	slices.SortFunc(vals, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b)) })
	vals = slices.Compact(vals)
	pairs := make([]string, 0, 2*len(vals))
	for _, v := range vals {
		pairs = append(pairs, v, finding.Redact(v))
	}
	return strings.NewReplacer(pairs...)
}

// lookupRule resolves the rule of f: the caller's lookup, the registry,
// then a provider rule described by the finding.
func lookupRule(lookup func(string) *rules.Rule, f *finding.Finding) *rules.Rule {
	if lookup != nil {
		if r := lookup(f.RuleID); r != nil {
			return r
		}
	}
	if r, ok := rules.Lookup(f.RuleID); ok {
		return r
	}
	return rules.ProviderRule(f.RuleID, f.Description)
}

// message is the finding's message, or its description when it has none.
func message(f *finding.Finding) string {
	return cmp.Or(f.Message, f.Description, f.RuleID)
}

// toolVersion is the version to print, never empty.
func (p *prepared) toolVersion() string { return cmp.Or(p.opts.ToolVersion, "devel") }

// hasError reports whether a notice says part of the scan failed.
func (p *prepared) hasError() bool {
	return slices.ContainsFunc(p.notices, func(n finding.Notice) bool { return n.Error })
}

// counts summarises a report.
type counts struct {
	findings   int
	files      int
	bySeverity [finding.SeverityCritical + 1]int
	errors     int
	warnings   int
}

func (p *prepared) counts() counts {
	var c counts
	c.findings = len(p.findings)
	for i := range p.findings {
		f := &p.findings[i]
		if i == 0 || f.File != p.findings[i-1].File {
			c.files++
		}
		if s := f.Severity; s >= 0 && int(s) < len(c.bySeverity) {
			c.bySeverity[s]++
		}
	}
	for _, n := range p.notices {
		if n.Error {
			c.errors++
		} else {
			c.warnings++
		}
	}
	return c
}

// severities lists the valid severities from most to least severe.
var severities = []finding.Severity{
	finding.SeverityCritical, finding.SeverityHigh, finding.SeverityMedium, finding.SeverityLow, finding.SeverityInfo,
}

// plural returns "1 finding" or "2 findings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// shortCommit abbreviates a commit hash for messages.
func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
