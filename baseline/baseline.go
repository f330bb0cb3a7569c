// Package baseline records the findings a project has accepted, so that a
// scan reports only new ones.
//
// A baseline holds, for each accepted finding, its fingerprint (a salted
// HMAC of rule, path and value; see finding.Fingerprint), its rule and its
// path. It holds no secret, no line number and no timestamp, so it does not
// change when lines move or when it is regenerated on an unchanged tree,
// and it fires again when a baselined value changes (the fingerprint
// changes with it).
//
// The file is JSON written one entry per line, sorted by fingerprint, with
// every entry line ending in a comma and a closing {} sentinel so that all
// entry lines look alike. Two branches that add entries insert lines at
// pseudo-random places (fingerprints are uniformly distributed), which
// git merges without conflict unless both insert between the same two
// existing entries; with ".secretlint-baseline.json merge=union" in
// .gitattributes even that case merges cleanly.
//
// .gitleaksignore files are read too (see ParseGitleaksIgnore).
package baseline

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// DefaultFile is the conventional baseline file name.
const DefaultFile = ".secretlint-baseline.json"

// Version is the format version written by Write.
const Version = 1

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
}

// Baseline is a set of accepted findings.
type Baseline struct {
	// SaltCheck identifies the fingerprint salt the entries were made
	// with (a keyed hash of a constant; it reveals nothing of the salt),
	// so that a scan with another salt is an error rather than a flood of
	// "new" findings.
	SaltCheck string
	Entries   []Entry
}

// SaltCheck returns the salt identifier stored in baselines.
func SaltCheck(salt string) string {
	return finding.SaltCheck(salt, "secretlint baseline salt check")
}

// FromFindings builds the baseline of findings made with salt: one entry
// per distinct fingerprint.
func FromFindings(salt string, fs []finding.Finding) *Baseline {
	b := &Baseline{SaltCheck: SaltCheck(salt)}
	seen := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if f.Fingerprint == "" || seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		b.Entries = append(b.Entries, Entry{Fingerprint: f.Fingerprint, Rule: f.RuleID, Path: f.File})
	}
	b.sort()
	return b
}

func (b *Baseline) sort() {
	slices.SortFunc(b.Entries, func(x, y Entry) int {
		return cmp.Or(cmp.Compare(x.Fingerprint, y.Fingerprint), cmp.Compare(x.Path, y.Path), cmp.Compare(x.Rule, y.Rule))
	})
}

const header = `{
"comment": "secretlint baseline: accepted findings by salted fingerprint (rule, path, value hash); no secrets, no line numbers. Regenerate: secretlint baseline > .secretlint-baseline.json. Keep one entry per line; the final {} keeps every entry line alike so that merges do not conflict.",
"secretlint_baseline": %d,
"salt_check": %q,
"entries": [
`

const footer = "{}\n]\n}\n"

// Write writes the baseline in its canonical, merge-friendly layout.
func (b *Baseline) Write(w io.Writer) error {
	b.sort()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, header, Version, b.SaltCheck)
	for _, e := range b.Entries {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		bw.Write(line)
		bw.WriteString(",\n")
	}
	bw.WriteString(footer)
	return bw.Flush()
}

// fileFormat is what Read accepts: the canonical layout or any JSON with
// the same fields (a hand-edited file without the sentinel, say).
type fileFormat struct {
	Comment   string  `json:"comment"`
	Version   *int    `json:"secretlint_baseline"`
	SaltCheck string  `json:"salt_check"`
	Entries   []Entry `json:"entries"`
}

// Read parses a baseline. Empty entries (the {} sentinel) are skipped.
func Read(r io.Reader) (*Baseline, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var ff fileFormat
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ff); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte{'\n'})
			return nil, fmt.Errorf("line %d: %w (a merge conflict? regenerate with: secretlint baseline > %s)", line, se, DefaultFile)
		}
		return nil, err
	}
	if ff.Version == nil {
		return nil, errors.New(`not a secretlint baseline (no "secretlint_baseline" version field)`)
	}
	if *ff.Version != Version {
		return nil, fmt.Errorf("baseline format version %d is not supported (this secretlint reads version %d)", *ff.Version, Version)
	}
	b := &Baseline{SaltCheck: ff.SaltCheck}
	for i, e := range ff.Entries {
		if e == (Entry{}) {
			continue
		}
		if len(e.Fingerprint) != 32 || strings.Trim(e.Fingerprint, "0123456789abcdef") != "" {
			return nil, fmt.Errorf("entry %d: fingerprint %q is not 32 lowercase hex digits", i+1, e.Fingerprint)
		}
		b.Entries = append(b.Entries, e)
	}
	b.sort()
	return b, nil
}

// Load reads a baseline file.
func Load(name string) (*Baseline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	b, err := Read(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// GitleaksIgnore is one .gitleaksignore entry: gitleaks' finding
// fingerprint "file:rule:line" (any scan) or "commit:file:rule:line" (a
// finding of that commit in a history scan).
//
// Limits: gitleaks keys these on the line where the match starts, so an
// entry stops matching when lines move (our own baseline does not), and
// paths containing ':' cannot be written (gitleaks has the same limit).
// Entries name gitleaks rule IDs; findings of secretlint's own rules never
// match them.
type GitleaksIgnore struct {
	Commit string
	File   string
	Rule   string
	Line   int
	// Source is "FILE:LINE" of the entry, for stale reports.
	Source string
}

// ParseGitleaksIgnore reads a .gitleaksignore file (name is used in
// messages). Blank lines and lines starting with '#' are skipped, as
// gitleaks does; a malformed line is an error.
func ParseGitleaksIgnore(r io.Reader, name string) ([]GitleaksIgnore, error) {
	var out []GitleaksIgnore
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, ":")
		var g GitleaksIgnore
		switch len(parts) {
		case 3:
			g = GitleaksIgnore{File: parts[0], Rule: parts[1]}
		case 4:
			g = GitleaksIgnore{Commit: parts[0], File: parts[1], Rule: parts[2]}
		default:
			return nil, fmt.Errorf("%s:%d: want file:rule:line or commit:file:rule:line", name, n)
		}
		ln, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || ln < 0 {
			return nil, fmt.Errorf("%s:%d: %q is not a line number", name, n, parts[len(parts)-1])
		}
		g.Line = ln
		g.File = path.Clean(strings.ReplaceAll(g.File, `\`, "/"))
		g.Source = fmt.Sprintf("%s:%d", name, n)
		out = append(out, g)
	}
	return out, sc.Err()
}

// Filter decides which findings a baseline (and .gitleaksignore entries)
// accept, and remembers which entries matched for stale reports. It is
// not safe for concurrent use.
type Filter struct {
	entries  map[string]Entry
	matched  map[string]bool
	gitleaks []GitleaksIgnore
	glUsed   []bool
}

// NewFilter builds a filter; b and gl may be nil.
func NewFilter(b *Baseline, gl []GitleaksIgnore) *Filter {
	f := &Filter{entries: map[string]Entry{}, matched: map[string]bool{}, gitleaks: gl, glUsed: make([]bool, len(gl))}
	if b != nil {
		for _, e := range b.Entries {
			f.entries[e.Fingerprint] = e
		}
	}
	return f
}

// Accepted reports whether the finding is in the baseline (by fingerprint)
// or matches a .gitleaksignore entry, and records the match.
func (f *Filter) Accepted(fd *finding.Finding) bool {
	ok := false
	if _, in := f.entries[fd.Fingerprint]; in && fd.Fingerprint != "" {
		f.matched[fd.Fingerprint] = true
		ok = true
	}
	for i, g := range f.gitleaks {
		if g.Rule != fd.RuleID || g.File != fd.File || g.Line != fd.Line {
			continue
		}
		if g.Commit != "" && g.Commit != fd.Commit {
			continue
		}
		f.glUsed[i] = true
		ok = true
	}
	return ok
}

// Apply returns the findings the filter does not accept, and how many it
// accepted.
func (f *Filter) Apply(fs []finding.Finding) (kept []finding.Finding, accepted int) {
	kept = fs[:0:0]
	for i := range fs {
		if f.Accepted(&fs[i]) {
			accepted++
			continue
		}
		kept = append(kept, fs[i])
	}
	return kept, accepted
}

// Stale returns the baseline entries that matched no finding, limited to
// paths for which inScope is true (nil means every path): a scan of a
// subtree or of staged files cannot tell whether entries elsewhere still
// match.
func (f *Filter) Stale(inScope func(path string) bool) []Entry {
	var out []Entry
	for fp, e := range f.entries {
		if f.matched[fp] || (inScope != nil && !inScope(e.Path)) {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y Entry) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	return out
}

// StaleGitleaks returns the .gitleaksignore entries that matched nothing,
// under the same scope rule as Stale.
func (f *Filter) StaleGitleaks(inScope func(path string) bool) []GitleaksIgnore {
	var out []GitleaksIgnore
	for i, g := range f.gitleaks {
		if f.glUsed[i] || (inScope != nil && !inScope(g.File)) {
			continue
		}
		out = append(out, g)
	}
	return out
}
