package scan

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/ansible"
	"github.com/secretlint-go/secretlint/scan/dbt"
	"github.com/secretlint-go/secretlint/scan/goscan"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	"github.com/secretlint-go/secretlint/scan/terraform"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// fileScanner scans one file's content; it is shared by the workers and
// holds nothing that changes.
type fileScanner struct {
	cfg *rules.Config
	det *rules.Detector // nil when provider rules are off
	j   *judge.Judge
	nf  *nameFilter
	// pre finds the provider rules' keywords, the name fragments and the
	// command-line hints of a file in one pass.
	pre *rules.Prescanner
	// forceDBT marks files found through --dbt-profiles-dir as profiles.
	forceProfiles map[string]bool
}

func newFileScanner(cfg *rules.Config) (*fileScanner, error) {
	det, err := cfg.Detector()
	if err != nil {
		return nil, fmt.Errorf("building the provider rules: %w", err)
	}
	nf := filterFor(cfg.Names)
	return &fileScanner{cfg: cfg, det: det, j: judge.New(cfg), nf: nf, pre: prescannerFor(det, nf)}, nil
}

// prescanMarkers are the strings whose searches the prescan saves: the
// targeted decoding's prefixes, the suppression directive, the words of a
// command-line password in YAML (cliWords), then the shapes of Go names
// of API-key collections and functions (goscan.KeyHolderShapes).
var prescanMarkers = append(append(append(slices.Clone(decodePrefixes), directiveMarker), cliWords...), goscan.KeyHolderShapes...)

// cliMarkers is the index of cliWords' first word in prescanMarkers, and
// keyMarkers that of the first key-holder shape.
var (
	cliMarkers = len(decodePrefixes) + 1
	keyMarkers = cliMarkers + len(cliWords)
)

// markedAny reports whether a prescan found one of prescanMarkers[lo:hi].
func markedAny(fh *rules.FileHits, lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if fh.Marked(i) {
			return true
		}
	}
	return false
}

type prescanKey struct {
	det *rules.Detector
	nf  *nameFilter
}

var prescanners sync.Map // prescanKey -> *rules.Prescanner

// prescannerFor returns the prescanner of a detector and a name filter,
// built once: ScanFile builds a fileScanner per call.
func prescannerFor(det *rules.Detector, nf *nameFilter) *rules.Prescanner {
	k := prescanKey{det, nf}
	if p, ok := prescanners.Load(k); ok {
		return p.(*rules.Prescanner)
	}
	p, _ := prescanners.LoadOrStore(k, rules.NewPrescanner(det, nf.frags.Words(), prescanMarkers, statementHints))
	return p.(*rules.Prescanner)
}

// ScanFile scans one file's content (no walking, no size cap, no ignore
// files) with every scanner that applies to its name; path is the slash
// path reported in the findings. A path in the provider rules' global
// allowlist (go.sum, vendored modules, images …) yields nothing, as in a
// walk. Findings are sorted; notices say what
// could not be scanned structurally.
func ScanFile(ctx context.Context, cfg *rules.Config, path string, content []byte) ([]finding.Finding, []finding.Notice) {
	return ScanFileIn(ctx, cfg, path, content, FileContext{})
}

// ScanFileIn is ScanFile for a file whose surroundings the caller knows.
func ScanFileIn(ctx context.Context, cfg *rules.Config, path string, content []byte, fc FileContext) ([]finding.Finding, []finding.Notice) {
	if cfg == nil {
		var err error
		if cfg, err = rules.DefaultConfig(); err != nil {
			return nil, []finding.Notice{{File: path, Kind: "config", Message: err.Error(), Error: true}}
		}
	}
	fs, err := newFileScanner(cfg)
	if err != nil {
		return nil, []finding.Notice{{File: path, Kind: "config", Message: err.Error(), Error: true}}
	}
	if fs.det != nil && fs.det.PathAllowed(path) {
		return nil, nil // lock files, vendored modules, images: as the walker skips them
	}
	out, notices, _ := fs.scan(ctx, path, content, rules.IsTestPackage(filepath.ToSlash(filepath.Dir(path))), goContext{remoteNear: func() bool { return fc.RemoteNear }})
	return out, notices
}

// FileContext is what a caller of ScanFileIn knows of a file's
// surroundings.
type FileContext struct {
	// RemoteNear says that another Go file of the file's package names a
	// remote host (rules.NamesRemoteHost): a test marked as live there
	// reaches a live system (rules.LiveTest).
	RemoteNear bool
}

// goContext is what the walker knows of a Go file's module and package.
type goContext struct {
	// imported gives goscan the summaries of the module's other packages
	// (gomodule.go); nil for none.
	imported func(string) *goscan.Summaries
	// local gives goscan the summaries of the file's own package; nil
	// for none.
	local func() *goscan.Summaries
	// modPath returns the path of the file's module ("" for none); nil
	// when the file is not walked in a module.
	modPath func() string
	// remoteNear reports whether another Go file of the directory names
	// a remote host; nil for no.
	remoteNear func() bool
}

// liveTest reports whether Go test code reaches a live system
// (rules.LiveTest, the host named in the file or another of its package).
func (g goContext) liveTest(content []byte) bool {
	return rules.LiveMarked(content) && (rules.NamesRemoteHost(content) || g.remoteNear != nil && g.remoteNear())
}

// hit is a finding being assembled, with the byte span of the secret.
type hit struct {
	f        finding.Finding
	ss, se   int // secret span (encoded text for decoded matches)
	provider bool
	cipher   bool // a provider match inside ciphertext: dropped
}

// priority orders overlapping findings: the most specific rule wins.
func priority(id string, provider bool) int {
	switch id {
	case "dbt-hardcoded-secret", "dbt-env-var-default", "dbt-package-token", "kubernetes-secret-data",
		"cloudformation-secret-string", "credential-sink", "jwt-signing-key":
		return 5
	case "url-credentials", "env-default-secret":
		return 3
	case "hardcoded-credential":
		return 2
	}
	if provider {
		if strings.Contains(id, "generic") {
			return 1
		}
		return 4
	}
	return 2
}

func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// kindOf names the structural scanner for a path.
func kindOf(p string) string {
	if k := dbt.KindOf(p); k != "" {
		return "dbt-" + k
	}
	if k := terraform.KindOf(p); k != "" {
		return "terraform-" + k
	}
	if ansible.IsINIInventory(p) {
		return "ansible-ini"
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".go":
		return "go"
	case ".yml", ".yaml":
		return "yaml"
	}
	return "text"
}

// scan runs every scanner on one file. The third result counts findings
// removed by suppression directives.
// testDir says that the file's directory, below the scanned root, is test
// support code (rules.IsTestPackage): testdata, fake, mocks, testutil….
// gc is what the walker knows of a Go file's module and package.
func (s *fileScanner) scan(ctx context.Context, p string, content []byte, testDir bool, gc goContext) ([]finding.Finding, []finding.Notice, int) {
	if ctx.Err() != nil {
		return nil, nil, 0
	}
	text := unsafeString(content)
	var notices []finding.Notice
	note := func(n finding.Notice) {
		n.File = p
		notices = append(notices, n)
	}
	validUTF8 := utf8.Valid(content)
	kind := kindOf(p)
	if s.forceProfiles[p] {
		kind = "dbt-" + dbt.Profiles
	}

	var hits []hit
	var matches []rules.Match
	fh := s.pre.Scan(text)
	defer s.pre.Release(fh)
	if s.det != nil {
		matches = s.det.DetectHits(p, text, fh) // the walker checked PathAllowed
		if len(matches) > 0 {
			pf := providerFilter{text: text, goSrc: kindOf(p) == "go"}
			matches = slices.DeleteFunc(matches, func(m rules.Match) bool { return !pf.keep(m) })
		}
	}
	var decoded []rules.Match
	if markedAny(fh, 0, len(decodePrefixes)) {
		decoded = s.decodeTargeted(p, text)
	}

	ix := textpos.New(content)
	var scalars []yamlscan.Scalar
	structured := func(fs []finding.Finding) {
		for _, f := range fs {
			ss := ix.LineStart(f.Line) + f.Column - 1
			se := ix.LineStart(f.EndLine) + f.EndColumn - 1
			hits = append(hits, hit{f: f, ss: ss, se: se})
		}
	}
	wantScalars := len(matches) > 0 || len(decoded) > 0
	fallback := func(err error) {
		msg := fmt.Sprintf("not valid YAML (%v): scanned line by line as text", err)
		if !validUTF8 {
			msg = "not valid UTF-8: scanned line by line as text"
		}
		note(finding.Notice{Line: yamlErrLine(err), Kind: "yaml-fallback", Message: msg})
		structured(scanText(content, textConfig, s.j, s.nf, "yaml", fh))
	}
	yamlResult := func(res *yamlscan.Result) {
		structured(res.Findings)
		structured(s.embedded(res.Embedded, ix))
		scalars = res.Scalars
		for _, n := range res.Notices {
			note(n)
		}
	}
	switch kind {
	case "go":
		if !validUTF8 {
			note(finding.Notice{Kind: "invalid-utf8", Message: "not valid UTF-8: scanned byte by byte"})
		}
		memo := s.nf.memo()
		worth := goscan.WorthHits(content, memo, fh, s.cfg.Sinks, markedAny(fh, keyMarkers, len(prescanMarkers)))
		s.nf.release(memo)
		// A literal passed to another file's or package's function
		// (LiteralArgWorth) is judged by name and sink rules, which are
		// quiet in test code unless it reaches a live system.
		argWorth := func() bool { return gc.modPath != nil && goscan.LiteralArgWorth(content, gc.modPath) }
		if testDir || rules.IsTestFile(path.Base(p)) {
			worth = worth && goTestWorth(content) || (worth || argWorth()) && gc.liveTest(content)
		} else {
			worth = worth || argWorth()
		}
		if worth {
			opts := goscan.Options{Config: s.cfg, Imported: gc.imported, Local: gc.local}
			if s.det != nil {
				opts.Detect = func(c string) []rules.Match { return s.det.DetectChecked(p, c) }
			}
			fs, err := goscan.Scan(p, content, opts)
			if err != nil && len(fs) == 0 {
				note(finding.Notice{Kind: "go-syntax", Message: fmt.Sprintf("Go syntax error (%s): only provider rules ran", firstLine(err.Error()))})
			}
			structured(fs)
		}
	case "yaml", "dbt-" + dbt.Project:
		if wantScalars || s.nf.worthYAML(content, s.j, fh) {
			f, err := yamlscan.Parse(content)
			if err != nil {
				fallback(err)
				break
			}
			yamlResult(yamlscan.ScanFile(f, yamlscan.Options{Config: s.cfg, Path: p, Scalars: wantScalars}))
		}
	case "dbt-" + dbt.Profiles, "dbt-" + dbt.Packages:
		f, err := yamlscan.Parse(content)
		if err != nil {
			fallback(err)
			break
		}
		yamlResult(dbt.ScanFile(f, strings.TrimPrefix(kind, "dbt-"), dbt.Options{Config: s.cfg, Path: p, Scalars: wantScalars}))
	case "terraform-" + terraform.Config, "terraform-" + terraform.Vars, "terraform-" + terraform.VarsJSON:
		if wantScalars || s.nf.worth(content) || terraform.Worth(content) {
			structured(s.scanTerraform(p, content, strings.TrimPrefix(kind, "terraform-"), wantScalars, note, &scalars))
		}
	case "ansible-ini":
		fs, ok := ansible.ScanINI(content, ansible.Options{Config: s.cfg})
		if !ok {
			fs = scanText(content, textModeOf(p), s.j, s.nf, "", fh)
		}
		structured(fs)
	default:
		mode := textModeOf(p)
		if !validUTF8 && mode != textNone {
			note(finding.Notice{Kind: "invalid-utf8", Message: "not valid UTF-8: scanned byte by byte"})
		}
		if mode == textNone {
			structured(scanAuthFile(p, content, s.j))
			structured(scanKeyFile(p, content, s.j))
		} else {
			structured(scanText(content, mode, s.j, s.nf, "", fh))
		}
	}

	// Provider-rule matches, placed in the structure when they fall inside
	// a YAML scalar.
	var quotes *quoteIndex
	for _, m := range append(matches, decoded...) {
		if quotes == nil {
			quotes = newQuoteIndex(text)
		}
		if h := s.providerHit(p, text, ix, quotes, m, scalars, kind); !h.cipher {
			hits = append(hits, h)
		}
	}
	support := testDir || rules.IsTestFile(path.Base(p))
	if kind == "go" && support {
		// The analyzers' test policy, so that scan and go vet agree: in a
		// _test.go file or a test support package the name-based and sink
		// rules are quiet (fixtures need literal passwords), and a
		// provider-format key (a provider rule's match, or the name-based
		// aws-secret-access-key) is reported unless it says it is fake.
		// A test against a live system (rules.LiveTest) holds that
		// system's credentials, not fixtures: there only the fake ones
		// are quiet.
		liveKnown, live := false, false
		isLive := func() bool { // asked only for a quiet rule's finding
			if !liveKnown {
				live, liveKnown = gc.liveTest(content), true
			}
			return live
		}
		hits = slices.DeleteFunc(hits, func(h hit) bool {
			// A URL logging in to a remote endpoint (rules.RemoteURLCredential)
			// carries a running system's credential in any test.
			// So does a credential written in the same call (line) as a
			// remote endpoint's URL (rules.RemoteEndpointOnLine).
			quiet := rules.QuietInTests(h.f.RuleID) && !isLive()
			if quiet && (h.f.RuleID == "url-credentials" && rules.RemoteURLCredential(text, h.ss, h.se) || rules.RemoteEndpointOnLine(text, h.ss)) {
				quiet = false
			}
			return quiet || rules.ObviouslyFake(h.f.Secret.Reveal()) || h.provider && goFixture(text, h.ss)
		})
	}
	// OpenAPI and JSON Schema examples (…examples.application/json.Token)
	// document a shape: under them the name-based rules are quiet, like in
	// tests; provider-format keys are still reported.
	hits = slices.DeleteFunc(hits, func(h hit) bool {
		return h.f.KeyPath != "" && rules.QuietInTests(h.f.RuleID) && examplePath(h.f.KeyPath)
	})
	if len(hits) > 0 && rules.NamesNotCredentials(p) {
		// A message catalog ("password": "Passwort") or nsswitch.conf
		// (passwd: files): its keys do not say what its values are, so
		// the name-based rules are quiet there; provider-format keys
		// are still reported.
		hits = slices.DeleteFunc(hits, func(h hit) bool { return rules.QuietInTests(h.f.RuleID) })
	}
	if kind != "go" && len(hits) > 0 && strings.Contains(text, "<<") {
		// Usage text in a here-document shows how to call a script:
		// its example values are not the name, URL or command-line
		// rules' to judge (HelpText); provider-format keys still are.
		if help := rules.HelpHeredocs(text); len(help) > 0 {
			hits = slices.DeleteFunc(hits, func(h hit) bool {
				return rules.GenericRule(h.f.RuleID) && slices.ContainsFunc(help, func(sp [2]int) bool { return sp[0] <= h.ss && h.ss < sp[1] })
			})
		}
	}
	hits = dedupe(hits)

	out := make([]finding.Finding, 0, len(hits))
	allowLines := map[int]bool{}
	for _, h := range hits {
		f := h.f
		if !s.cfg.RuleEnabled(f.RuleID) {
			continue
		}
		s.finish(&f, p, ix)
		s.fixture(&f, support)
		if s.cfg.Allowed(&f) || gitleaksAllow(ix, allowLines, &f) {
			continue
		}
		out = append(out, f)
	}
	n := len(out)
	var ds []*directive
	if markedAny(fh, len(decodePrefixes), keyMarkers) {
		ds = parseDirectives(content, ix, s.known)
	}
	out = suppress(out, ds, func(f *finding.Finding) int { l, _ := ix.Position(f.Offset); return l })
	if docFile(p) {
		// Documentation shows directives in examples: they still suppress
		// what they match, but an example that matches nothing is no stale
		// directive.
		out = slices.DeleteFunc(out, func(f finding.Finding) bool {
			return f.File == "" && (f.RuleID == "unused-suppression" || f.RuleID == "invalid-suppression")
		})
	}
	kept := 0
	for i := range out {
		if out[i].File == "" {
			s.finish(&out[i], p, ix) // unused or invalid directives
		} else {
			kept++
		}
	}
	suppressed := n - kept
	out = slices.DeleteFunc(out, func(f finding.Finding) bool { return !s.cfg.RuleEnabled(f.RuleID) })
	finding.Sort(out)
	return out, notices, suppressed
}

// examplePath reports whether a YAML key path goes through an example:
// a key named example, examples, x-example or x-examples.
func examplePath(kp string) bool {
	for _, seg := range yamlscan.SplitKeyPath(kp) { // a host web1.example.com is no example
		switch strings.ToLower(seg) {
		case "example", "examples", "x-example", "x-examples":
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// yamlErrLine extracts the line from a yaml.v3 error ("line 12: …").
func yamlErrLine(err error) int {
	var line int
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		if _, err := fmt.Sscanf(msg[i:], "line %d", &line); err != nil {
			return 0 // no line number after all
		}
	}
	return line
}

// known reports whether a suppression names a rule this run knows.
func (s *fileScanner) known(id string) bool {
	if _, ok := rules.Lookup(id); ok {
		return true
	}
	if s.det != nil {
		if _, ok := s.det.Config().Rules[id]; ok {
			return true
		}
	}
	return false
}

// finish fills what every finding needs: file, description, severity
// after configuration, end position, fingerprint.
func (s *fileScanner) finish(f *finding.Finding, p string, ix *textpos.Index) {
	f.File = p
	def := finding.SeverityHigh
	if r, ok := rules.Lookup(f.RuleID); ok {
		f.Description = r.Description
		def = r.Severity
	} else if s.det != nil {
		f.Description = s.det.Config().Rules[f.RuleID].Description
	}
	sev := s.cfg.Severity(f.RuleID)
	if f.Severity != finding.SeverityUnknown && sev == def {
		sev = f.Severity // the verdict's (an example key, a local host), unless configured
	}
	f.Severity = sev
	if f.EndLine == 0 {
		f.EndLine, f.EndColumn = ix.Position(f.EndOffset)
		if f.Line == 0 {
			f.Line, f.Column = ix.Position(f.Offset)
		}
	}
	f.Fingerprint = finding.Fingerprint(s.cfg.Salt, f.RuleID, p, f.Secret)
	if testPath(p) && !f.HasTag("test-file") {
		f.Tags = append(f.Tags, "test-file")
	}
}

// fixture lowers a finding in test support code (below the scanned root:
// support) to low severity when its rule reports fixtures there (a test
// certificate's private key, also as a Secret's tls.key), unless the configuration sets the rule's
// severity.
func (s *fileScanner) fixture(f *finding.Finding, support bool) {
	if !support || !rules.FixtureValue(f.RuleID, f.Secret.Reveal()) || f.Severity <= finding.SeverityLow {
		return
	}
	if r, ok := rules.Lookup(f.RuleID); ok && s.cfg.Severity(f.RuleID) != r.Severity {
		return
	}
	f.Severity = finding.SeverityLow
	if !f.HasTag("test-file") {
		f.Tags = append(f.Tags, "test-file")
	}
}

// testPath reports whether a path is test code or test data
// (rules.IsTestPath): findings there are tagged "test-file".
func testPath(p string) bool { return rules.IsTestPath(p) }

// gitleaksAllow honours "gitleaks:allow" on the line where a finding's
// value starts or where its secret starts (provider matches honour it in
// the detector already). memo keeps the answer per line: a long line with
// many findings is searched once.
func gitleaksAllow(ix *textpos.Index, memo map[int]bool, f *finding.Finding) bool {
	l, _ := ix.Position(f.Offset)
	for _, line := range []int{l, f.Line} {
		v, ok := memo[line]
		if !ok {
			v = bytes.Contains(ix.Line(line), []byte("gitleaks:allow"))
			memo[line] = v
		}
		if v {
			return true
		}
	}
	return false
}

// providerHit turns a provider-rule match into a finding, placed in the
// YAML structure when it lies inside a scalar.
func (s *fileScanner) providerHit(p, text string, ix *textpos.Index, quotes *quoteIndex, m rules.Match, scalars []yamlscan.Scalar, kind string) hit {
	ss, se := m.Start, m.End
	f := finding.Finding{
		RuleID:  m.RuleID,
		Message: fmt.Sprintf("value matches the format of a %s", providerTitle(m.RuleID)),
		Secret:  finding.NewSecret(m.Secret),
		Offset:  ss, EndOffset: se,
	}
	if dm, ok := decodedOf(m); ok {
		f.Encoding = "base64"
		f.Message += " once base64-decoded"
		ss, se = dm.start, dm.end
		f.Offset, f.EndOffset = ss, se
	}
	f.Line, f.Column = ix.Position(ss)
	f.EndLine, f.EndColumn = ix.Position(se)
	if i := sort.Search(len(scalars), func(i int) bool { return scalars[i].End >= se }); len(scalars) > 0 {
		for j := max(0, i-2); j < len(scalars) && j <= i+2; j++ {
			sc := scalars[j]
			if sc.Start <= ss && se <= sc.End {
				if sc.Ciphertext {
					return hit{provider: true, cipher: true}
				}
				f.Offset, f.EndOffset, f.KeyPath = sc.Start, sc.End, sc.KeyPath
				f.Meta = map[string]string{"format": sc.Format}
				for k, v := range sc.Meta {
					f.Meta[k] = v
				}
				if sc.Format == terraform.Format && (ss > sc.ValStart || se < sc.ValEnd) {
					terraform.Partial(f.Meta)
				}
				if sc.Format == terraform.Format && sc.Exact && ss < sc.ValStart && se > sc.ValEnd && f.Encoding == "" {
					// A rule whose secret group takes the quotes
					// (hashicorp-tf-password): the secret is the value.
					ss, se = sc.ValStart, sc.ValEnd
					f.Secret = finding.NewSecret(text[ss:se])
					f.Line, f.Column = ix.Position(ss)
					f.EndLine, f.EndColumn = ix.Position(se)
				}
				yamlscan.IaCMeta(f.Meta, sc.Format, p, sc.KeyPath)
				break
			}
		}
	}
	if f.KeyPath == "" && (kind == "go" || kind == "text") && f.Encoding == "" {
		if a, b, ok := quotes.enclosing(ix, ss, se); ok {
			f.Offset, f.EndOffset = a, b
		}
	}
	return hit{f: f, ss: ss, se: se, provider: true}
}

func providerTitle(id string) string {
	if r, ok := rules.Lookup(id); ok && r.Title != "" {
		return r.Title
	}
	return strings.ReplaceAll(id, "-", " ")
}

// quoteIndex lists the offsets of each quote character of a content, so
// that enclosingQuotes costs a few binary searches per match instead of a
// scan of the line (many matches on one long line).
type quoteIndex struct {
	text string
	pos  [3][]int // '"', '\'', '`'
}

var quoteChars = [3]byte{'"', '\'', '`'}

func newQuoteIndex(text string) *quoteIndex {
	qi := &quoteIndex{text: text}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			qi.pos[0] = append(qi.pos[0], i)
		case '\'':
			qi.pos[1] = append(qi.pos[1], i)
		case '`':
			qi.pos[2] = append(qi.pos[2], i)
		}
	}
	return qi
}

// enclosing is enclosingQuotes(text, s, e), given the text's line index.
func (qi *quoteIndex) enclosing(ix *textpos.Index, s, e int) (int, int, bool) {
	sl, _ := ix.Position(s)
	ls := ix.LineStart(sl)
	el, _ := ix.Position(e)
	le := ix.LineEnd(el)
	for k := range quoteChars {
		ps := qi.pos[k]
		i, _ := slices.BinarySearch(ps, s) // ps[i-1] is the last quote before s
		if i == 0 || ps[i-1] < ls {
			continue
		}
		a := ps[i-1]
		j, _ := slices.BinarySearch(ps, e)
		if j == len(ps) || ps[j] >= le {
			continue
		}
		b := ps[j]
		first, _ := slices.BinarySearch(ps, ls)
		if (i-1-first)%2 != 0 {
			continue // the quote before closes an earlier string
		}
		return a, b + 1, true
	}
	return 0, 0, false
}

// enclosingQuotes widens [s, e) to the quoted string literal around it on
// the same line, when there is one.
func enclosingQuotes(text string, s, e int) (int, int, bool) {
	ls := strings.LastIndexByte(text[:s], '\n') + 1
	le := strings.IndexByte(text[e:], '\n')
	if le < 0 {
		le = len(text)
	} else {
		le += e
	}
	for _, q := range []byte{'"', '\'', '`'} {
		a := strings.LastIndexByte(text[ls:s], q)
		if a < 0 {
			continue
		}
		a += ls
		b := strings.IndexByte(text[e:le], q)
		if b < 0 {
			continue
		}
		b += e
		if strings.Count(text[ls:a], string(q))%2 != 0 {
			continue // the quote before closes an earlier string
		}
		return a, b + 1, true
	}
	return 0, 0, false
}

// dedupe keeps one finding per secret span: where spans overlap, the most
// specific rule wins (a dbt-package-token over the url-credentials of the
// same URL, a provider rule over hardcoded-credential, anything over
// generic-api-key) and a provider match takes the structural location
// (value span, key path, metadata) of the structured finding it absorbs;
// Meta["also"] lists the rules absorbed. Findings about a variable's name
// (dbt-env-var-not-secret) never merge with findings about a value.
func dedupe(hs []hit) []hit {
	if len(hs) < 2 {
		return hs
	}
	sort.SliceStable(hs, func(i, j int) bool {
		if hs[i].ss != hs[j].ss {
			return hs[i].ss < hs[j].ss
		}
		return hs[i].f.RuleID < hs[j].f.RuleID
	})
	dead := make([]bool, len(hs))
	for i := range hs {
		if dead[i] || hs[i].f.RuleID == "dbt-env-var-not-secret" {
			continue
		}
		for j := i + 1; j < len(hs) && hs[j].ss < max(hs[i].se, hs[i].ss+1); j++ {
			if dead[j] || hs[j].f.RuleID == "dbt-env-var-not-secret" {
				continue
			}
			if !hs[i].provider && !hs[j].provider && hs[i].f.RuleID == hs[j].f.RuleID && hs[i].ss == hs[j].ss && hs[i].se == hs[j].se {
				dead[j] = true // the same structured finding twice (an alias)
				continue
			}
			w, l := i, j
			if priority(hs[j].f.RuleID, hs[j].provider) > priority(hs[i].f.RuleID, hs[i].provider) {
				w, l = j, i
			}
			absorb(&hs[w], &hs[l])
			dead[l] = true
			if l == i {
				break
			}
		}
	}
	out := hs[:0]
	for i, h := range hs {
		if !dead[i] {
			out = append(out, h)
		}
	}
	return out
}

// absorb merges loser into winner.
func absorb(w, l *hit) {
	if w.provider && !l.provider {
		// The structure's location: the value as written, its key path.
		w.f.Offset, w.f.EndOffset = l.f.Offset, l.f.EndOffset
		if w.f.KeyPath == "" {
			w.f.KeyPath = l.f.KeyPath
		}
		if w.f.Meta == nil {
			w.f.Meta = map[string]string{}
		}
		for k, v := range l.f.Meta {
			if _, ok := w.f.Meta[k]; !ok {
				w.f.Meta[k] = v
			}
		}
		if l.f.Meta[terraform.MetaWhole] != "" {
			delete(w.f.Meta, terraform.MetaEmbedded) // the location is the whole literal
		}
	}
	if w.f.Meta == nil {
		w.f.Meta = map[string]string{}
	}
	also := w.f.Meta["also"]
	if also != "" {
		also += ","
	}
	w.f.Meta["also"] = also + l.f.RuleID
}

// Targeted decoding. gitleaks decodes every base64 and hex run it meets
// (max-decode-depth 5). This scanner decodes only where the encoding says
// what is inside: base64 runs that begin with the encoding of
// "-----BEGIN" (a PEM key, as in kubeconfig client-key-data) or of
// {"auths": (a Docker config, as in a .dockerconfigjson Secret). Such a
// run is decoded and the provider rules run on the text.
var decodePrefixes = []string{
	"LS0tLS1CRUdJTi", // "-----BEGIN"
	"eyJhdXRocyI6",   // {"auths":
	"eyAiYXV0aHMiOi", // { "auths":
}

type decodedSpan struct{ start, end int }

// decodedOf reports whether m was found in decoded text (decodeTargeted
// marks those with MatchStart -1; Start/End span the encoded run).
func decodedOf(m rules.Match) (decodedSpan, bool) {
	if m.MatchStart != -1 {
		return decodedSpan{}, false
	}
	return decodedSpan{m.Start, m.End}, true
}

func (s *fileScanner) decodeTargeted(p, text string) []rules.Match {
	if s.det == nil {
		return nil
	}
	var out []rules.Match
	for _, pre := range decodePrefixes {
		for off := 0; ; {
			i := strings.Index(text[off:], pre)
			if i < 0 {
				break
			}
			start := off + i
			end := start
			for end < len(text) && isBase64(text[end]) {
				end++
			}
			off = end
			if start > 0 && isBase64(text[start-1]) {
				continue // not the start of a run
			}
			run := text[start:end]
			if n := len(strings.TrimRight(run, "=")) % 4; n == 1 {
				continue
			}
			dec, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(run, "="))
			if err != nil || !utf8.Valid(dec) {
				continue
			}
			for _, m := range s.det.Detect(p, string(dec)) {
				m.MatchStart, m.MatchEnd = -1, -1
				m.Start, m.End = start, end
				out = append(out, m)
			}
		}
	}
	return out
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// docFile reports whether path is documentation (Markdown, reStructuredText,
// AsciiDoc).
func docFile(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".mdx", ".rst", ".adoc", ".asciidoc":
		return true
	}
	return false
}

// goFixture reports, for a Go value at offset off of text, whether the
// name it is given on its line (the identifier, field or key before =,
// := or :) or a // comment ending on its line or the line above says it
// is a fixture (rules.FixtureMarked), as the analyzers decide from the
// syntax tree.
func goFixture(text string, off int) bool {
	if off < 0 || off > len(text) {
		return false
	}
	ls := strings.LastIndexByte(text[:off], '\n') + 1
	le := len(text)
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		le = off + i
	}
	before := text[ls:off]
	name := ""
	if i := strings.LastIndexAny(before, "=:"); i >= 0 {
		f := strings.FieldsFunc(before[:i], func(r rune) bool {
			return r != '_' && (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
		})
		if len(f) > 0 {
			name = f[len(f)-1]
		}
	}
	var comment strings.Builder
	if i := strings.Index(text[off:le], "//"); i >= 0 {
		comment.WriteString(text[off+i : le])
	}
	// The comment lines just above.
	for end := ls - 1; end > 0; {
		ps := strings.LastIndexByte(text[:end], '\n') + 1
		l := strings.TrimSpace(text[ps:end])
		if !strings.HasPrefix(l, "//") {
			break
		}
		comment.WriteString(" " + l)
		end = ps - 1
	}
	return rules.FixtureMarked(name, comment.String())
}

// goTestWorth reports whether Go test code (a _test.go file or a test
// support package) can hold a finding of the Go scanner that the test
// policy below keeps: every name-based and sink rule is quiet there
// (rules.QuietInTests) except aws-secret-access-key, whose name says
// "secret", and a provider-format key folded from a constant
// concatenation needs a string literal next to a '+', and a URL logging
// in to a remote endpoint, or a credential beside a remote endpoint's URL,
// is reported (rules.RemoteURLCredential, rules.RemoteEndpointOnLine).
// Most test files
// hold neither, and are not parsed.
func goTestWorth(src []byte) bool {
	return literalConcat(src) || bytes.Contains(src, []byte("ecret")) || bytes.Contains(src, []byte("ECRET")) || rules.HasRemoteURLCredential(src) || rules.HasRemoteEndpoint(src)
}

// literalConcat reports whether src has a '+' with a string literal's
// quote next to it, across blanks (and line breaks after the '+').
func literalConcat(src []byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '+')
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		l := i - 1
		for l >= 0 && (src[l] == ' ' || src[l] == '\t') {
			l--
		}
		if l >= 0 && (src[l] == '"' || src[l] == '`') {
			return true
		}
		r := i + 1
		for r < len(src) && (src[r] == ' ' || src[r] == '\t' || src[r] == '\n' || src[r] == '\r') {
			r++
		}
		if r < len(src) && (src[r] == '"' || src[r] == '`') {
			return true
		}
	}
}
