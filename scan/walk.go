package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
)

// IgnoreFileName is secretlint's own ignore file, read like .gitignore in
// every directory of the walk.
const IgnoreFileName = ".secretlintignore"

// binarySniff is how much of a file is checked for NUL bytes.
const binarySniff = 8000

type job struct {
	abs  string // path to open
	rel  string // slash path reported
	size int64
	// testDir: the file's directory below the root is test support code.
	testDir bool
}

// walker produces jobs; only its own goroutine touches notes and skipped
// until flushNotes.
type walker struct {
	ctx      context.Context
	det      *rules.Detector
	mods     *goModules // Go module summaries for goscan (nil: none)
	cfg      *rules.Config
	cfgDir   string
	follow   bool
	maxSize  int64
	noIgnore bool
	jobs     chan job
	res      *Result

	notes       []finding.Notice
	skipped     []finding.Notice
	ignoreFiles []string
	visited     []os.FileInfo // directories entered through symlinks
}

func (w *walker) flushNotes() {
	w.res.Notices = append(w.res.Notices, w.notes...)
	w.res.Skipped = append(w.res.Skipped, w.skipped...)
	w.res.IgnoreFiles = append(w.res.IgnoreFiles, w.ignoreFiles...)
}

func (w *walker) note(rel, kind, msg string, isErr bool) {
	w.notes = append(w.notes, finding.Notice{File: rel, Kind: kind, Message: msg, Error: isErr})
}

func (w *walker) skip(rel, kind, msg string) {
	w.skipped = append(w.skipped, finding.Notice{File: rel, Kind: kind, Message: msg})
}

func (w *walker) send(j job, counted func()) bool {
	counted()
	select {
	case w.jobs <- j:
		return true
	case <-w.ctx.Done():
		return false
	}
}

// displayPath is how a root is reported: its slash form, "" for ".".
func displayPath(p string) string {
	c := filepath.ToSlash(filepath.Clean(p))
	if c == "." {
		return ""
	}
	return c
}

func joinRel(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// root walks one path given by the user. A named symlink is followed:
// the user asked for it.
func (w *walker) root(p string, seen map[string]bool, counted func()) {
	fi, err := os.Stat(p)
	rel := displayPath(p)
	if err != nil {
		w.note(rel, "unreadable", fmt.Sprintf("cannot read: %v", pathless(err)), true)
		return
	}
	if w.cfg.Dir != "" {
		w.cfgDir, _ = filepath.Abs(w.cfg.Dir)
	}
	abs, _ := filepath.Abs(p)
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		// A FIFO would block the read for good, a device never ends:
		// neither is read, and the user hears why.
		if rel == "" {
			rel = filepath.Base(abs)
		}
		w.note(rel, "special", fmt.Sprintf("not a regular file (%s): not read", fileType(fi.Mode())), false)
		return
	}
	if !fi.IsDir() {
		if rel == "" {
			rel = filepath.Base(abs)
		}
		seen[rel] = true
		w.file(job{abs: abs, rel: rel, size: fi.Size()}, true, counted)
		return
	}
	var pats []ignorePattern
	if !w.noIgnore {
		pats = readPatterns(filepath.Join(abs, ".git", "info", "exclude"), nil)
	}
	w.visited = append(w.visited, fi)
	w.dir(abs, rel, nil, pats, seen, counted)
}

// dir walks a directory; comps are its path components below the root,
// pats the ignore patterns in force.
func (w *walker) dir(abs, rel string, comps []string, pats []ignorePattern, seen map[string]bool, counted func()) {
	if w.ctx.Err() != nil {
		return
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		w.note(rel, "unreadable", fmt.Sprintf("cannot read directory: %v", pathless(err)), true)
		if len(entries) == 0 {
			return
		}
	}
	if !w.noIgnore {
		for _, name := range []string{".gitignore", IgnoreFileName} {
			if ps := readPatterns(filepath.Join(abs, name), comps); len(ps) > 0 {
				if name == IgnoreFileName && ignoresEverything(ps, comps) {
					// A configuration error, as allow.values ["."] is:
					// one line would turn the scan off.
					w.note(joinRel(rel, name), "config", "ignores every file, which turns the scan off: remove the pattern that matches everything (scan with --no-ignore-files or --no-repo-config to overrule it)", true)
				}
				pats = append(pats[:len(pats):len(pats)], ps...)
				w.ignoreFiles = append(w.ignoreFiles, joinRel(rel, name))
			}
		}
	}
	m := newDirMatcher(pats, comps)
	for _, e := range entries {
		name := e.Name()
		childAbs := filepath.Join(abs, name)
		childRel := joinRel(rel, name)
		childComps := append(comps[:len(comps):len(comps)], name)
		typ := e.Type()
		var fi os.FileInfo
		viaLink := false
		if typ&fs.ModeSymlink != 0 {
			if !w.follow {
				w.skip(childRel, "symlink", "symbolic link not followed (use --follow-symlinks)")
				continue
			}
			fi, err = os.Stat(childAbs)
			if err != nil {
				w.note(childRel, "broken-symlink", fmt.Sprintf("symbolic link to nothing readable: %v", pathless(err)), false)
				continue
			}
			typ = fi.Mode().Type()
			viaLink = true
		}
		switch {
		case typ.IsDir():
			if name == ".git" {
				continue
			}
			if len(pats) > 0 && m.match(childComps, true) {
				w.skip(childRel, "ignored", "directory matched by .gitignore or .secretlintignore")
				continue
			}
			if viaLink {
				if loop := w.enter(fi); loop {
					w.note(childRel, "symlink-loop", "symbolic link to a directory already being scanned (a loop, or a second path to it): not followed again", false)
					continue
				}
			}
			w.dir(childAbs, childRel, childComps, pats, seen, counted)
		case typ.IsRegular():
			if len(pats) > 0 && m.match(childComps, false) {
				w.skip(childRel, "ignored", "matched by .gitignore or .secretlintignore")
				continue
			}
			// The size is the reader's (one lstat less per file), unless a
			// link was followed.
			size := int64(-1)
			if fi != nil {
				size = fi.Size()
			}
			seen[childRel] = true
			if !w.file(job{abs: childAbs, rel: childRel, size: size, testDir: rules.IsTestPackage(strings.Join(comps, "/"))}, false, counted) {
				return
			}
		default:
			w.skip(childRel, "special", "not a regular file")
		}
	}
}

// enter records a directory reached through a symlink; it reports true
// when the directory was entered before (a loop or a second path).
func (w *walker) enter(fi os.FileInfo) bool {
	for _, v := range w.visited {
		if os.SameFile(v, fi) {
			return true
		}
	}
	w.visited = append(w.visited, fi)
	return false
}

// file applies the path allowlists and sends a file to the workers.
func (w *walker) file(j job, explicit bool, counted func()) bool {
	if w.det != nil && w.det.PathAllowed(j.rel) {
		w.skip(j.rel, "allowlisted", "path matches a global allowlist of the provider rules (lock files, vendored modules, images …)")
		return true
	}
	if len(w.cfgDir) > 0 {
		if r, err := filepath.Rel(w.cfgDir, j.abs); err == nil && filepath.IsLocal(r) && w.cfg.PathAllowed(filepath.ToSlash(r)) {
			w.skip(j.rel, "allow.paths", "path matches allow.paths in the configuration")
			return true
		}
	}
	return w.send(j, counted)
}

// readPatterns reads an ignore file; domain is its directory's components.
func readPatterns(name string, domain []string) []ignorePattern {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var ps []ignorePattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, `\#`) || strings.HasPrefix(line, `\!`) {
			line = line[1:]
		}
		ip := ignorePattern{p: gitignore.ParsePattern(line, domain), domain: len(domain), simple: simplePattern(line)}
		if ip.simple {
			ip.name = compileNamePattern(line)
		}
		ps = append(ps, ip)
	}
	return ps
}

// ignorePattern is one line of an ignore file, parsed by go-git, with
// what lets a directory's files be matched against it in one step.
type ignorePattern struct {
	p gitignore.Pattern
	// domain is the number of path components of the ignore file's
	// directory.
	domain int
	// simple: a pattern without a slash inside, which go-git matches
	// against each path component below the domain on its own; name
	// matches one component as go-git does.
	simple bool
	name   namePattern
}

// namePattern is a simple ignore pattern, matched against one name as
// go-git's pattern.Match matches a path of one component below its
// domain, without filepath.Match for the common forms: a literal name,
// *suffix and prefix*.
type namePattern struct {
	kind      byte // '=' literal, 's' *suffix, 'p' prefix*, 'g' any other glob
	text      string
	inclusion bool // !pattern
	dirOnly   bool // pattern/
}

// compileNamePattern reads a simple pattern's line as go-git's
// ParsePattern does.
func compileNamePattern(line string) namePattern {
	var n namePattern
	if strings.HasPrefix(line, "!") {
		n.inclusion, line = true, line[1:]
	}
	if !strings.HasSuffix(line, "\\ ") {
		line = strings.TrimRight(line, " ")
	}
	if strings.HasSuffix(line, "/") {
		n.dirOnly, line = true, line[:len(line)-1]
	}
	const meta = `*?[\`
	n.kind, n.text = 'g', line
	switch {
	case !strings.ContainsAny(line, meta):
		n.kind = '='
	case line[0] == '*' && !strings.ContainsAny(line[1:], meta):
		n.kind, n.text = 's', line[1:]
	case line[len(line)-1] == '*' && !strings.ContainsAny(line[:len(line)-1], meta):
		n.kind, n.text = 'p', line[:len(line)-1]
	}
	return n
}

// match is the result of the pattern on an entry named name.
func (n *namePattern) match(name string, isDir bool) gitignore.MatchResult {
	var ok bool
	switch n.kind {
	case '=':
		ok = name == n.text
	case 's':
		ok = strings.HasSuffix(name, n.text)
	case 'p':
		ok = strings.HasPrefix(name, n.text)
	default:
		var err error
		ok, err = filepath.Match(n.text, name)
		ok = ok && err == nil
	}
	switch {
	case !ok || n.dirOnly && !isDir:
		return gitignore.NoMatch
	case n.inclusion:
		return gitignore.Include
	}
	return gitignore.Exclude
}

// simplePattern reports whether go-git's ParsePattern reads line as a
// name matched against each path component (no slash but a trailing one).
func simplePattern(line string) bool {
	line = strings.TrimPrefix(line, "!")
	if !strings.HasSuffix(line, "\\ ") {
		line = strings.TrimRight(line, " ")
	}
	return !strings.Contains(strings.TrimSuffix(line, "/"), "/")
}

// dirMatcher is gitignore.NewMatcher(pats) for the entries of one
// directory. go-git matches a simple pattern against every component of
// a path, so that a file deep in a tree costs patterns × depth matches;
// here the components the entries share (the directory's) are matched
// once, and each entry's own name once per pattern.
type dirMatcher struct {
	pats []ignorePattern
	anc  []gitignore.MatchResult // simple pattern -> its result on the directory itself
}

func newDirMatcher(pats []ignorePattern, comps []string) *dirMatcher {
	m := &dirMatcher{pats: pats, anc: make([]gitignore.MatchResult, len(pats))}
	for i, p := range pats {
		if p.simple {
			// As a directory: a trailing-slash pattern matches it, and
			// through it every path below.
			m.anc[i] = p.p.Match(comps, true)
		}
	}
	return m
}

// match is gitignore's Matcher.Match for an entry of the directory: the
// last pattern that matches decides.
func (m *dirMatcher) match(path []string, isDir bool) bool {
	for i := len(m.pats) - 1; i >= 0; i-- {
		p := m.pats[i]
		var r gitignore.MatchResult
		switch {
		case !p.simple:
			r = p.p.Match(path, isDir)
		case m.anc[i] != gitignore.NoMatch:
			r = m.anc[i]
		default:
			// Only the entry's own name is left to match (the domain is
			// the directory's own ancestors').
			r = p.name.match(path[len(path)-1], isDir)
		}
		if r != gitignore.NoMatch {
			return r == gitignore.Exclude
		}
	}
	return false
}

// ignoresEverything reports whether ignore patterns read in the directory
// comps ignore every file below it (judged on rules.EveryPathProbes).
func ignoresEverything(ips []ignorePattern, comps []string) bool {
	ps := make([]gitignore.Pattern, len(ips))
	for i, p := range ips {
		ps[i] = p.p
	}
	m := gitignore.NewMatcher(ps)
	for _, p := range rules.EveryPathProbes() {
		path := append(slices.Clone(comps), strings.Split(p, "/")...)
		if !m.Match(path, false) {
			return false
		}
	}
	return true
}

// fileType names the type of a file that is not regular.
func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "type " + m.Type().String()
}

// pathless drops the path from an *fs.PathError: the notice names the
// file already.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// scanJob reads and scans one file. n is the number of bytes scanned, -1
// when the file was not scanned.
func (w *walker) scanJob(fsc *fileScanner, j job) (fnd []finding.Finding, notes, skipped []finding.Notice, supp int, n int64) {
	if w.ctx.Err() != nil {
		return nil, nil, nil, 0, -1
	}
	content, binary, size, err := readText(j.abs, w.maxSize)
	if j.size < 0 {
		j.size = size
	}
	switch {
	case errors.Is(err, errTooLarge) && j.size > w.maxSize:
		return nil, []finding.Notice{{File: j.rel, Kind: "too-large", Error: true,
			Message: fmt.Sprintf("file is %s, over the %s limit: not scanned (raise --max-file-size or scan.max-file-size, or ignore the path)", humanSize(j.size), humanSize(w.maxSize))}}, nil, 0, -1
	case errors.Is(err, errTooLarge):
		return nil, []finding.Notice{{File: j.rel, Kind: "too-large", Error: true,
			Message: fmt.Sprintf("file grew over the %s limit while being read: not scanned", humanSize(w.maxSize))}}, nil, 0, -1
	case err != nil:
		return nil, []finding.Notice{{File: j.rel, Kind: "unreadable", Error: true, Message: fmt.Sprintf("cannot read: %v", pathless(err))}}, nil, 0, -1
	case binary:
		return nil, nil, []finding.Notice{{File: j.rel, Kind: "binary", Message: "binary file (NUL byte in the first 8000 bytes)"}}, 0, -1
	}
	var gc goContext
	if strings.HasSuffix(j.rel, ".go") {
		gc = goContext{imported: w.mods.imported(j.abs), local: w.mods.local(j.abs), modPath: func() string { return w.mods.modulePath(j.abs) },
			remoteNear: func() bool { return w.mods.remoteNear(j.abs) }}
	}
	fnd, notes, supp = fsc.scan(w.ctx, j.rel, content, j.testDir, gc)
	return fnd, notes, nil, supp, int64(len(content))
}

var errTooLarge = errors.New("file too large")

// looksBinary judges a file by its first bytes as git and ripgrep do: a
// NUL in them makes it binary, unless they start with a UTF-16 byte order
// mark (UTF-16 text is full of NULs); readText decodes such a file.
func looksBinary(head []byte) bool {
	return bomUTF16(head) == nil && bytes.IndexByte(head, 0) >= 0
}

// bomUTF16 returns the UTF-16 decoding the byte order mark at the start
// of b names, nil when there is none.
func bomUTF16(b []byte) *encoding.Decoder {
	switch {
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
	}
	return nil
}

// readText reads a file unless its first bytes hold a NUL (binary).
func readText(name string, limit int64) ([]byte, bool, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false, -1, err
	}
	defer func() { _ = f.Close() }() // read only: a Close error loses nothing
	st, err := f.Stat()
	if err != nil {
		return nil, false, -1, err
	}
	size := st.Size()
	if size > limit {
		// A large binary (a checked-in executable) is skipped as binary,
		// not reported as a file too large to scan.
		head := make([]byte, binarySniff)
		k, err := io.ReadFull(f, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, false, size, err
		}
		if looksBinary(head[:k]) {
			return nil, true, size, nil
		}
		return nil, false, size, errTooLarge
	}
	buf := make([]byte, 0, size+1)
	head := buf[:min(int64(binarySniff), size+1)]
	k, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, false, size, err
	}
	if looksBinary(head[:k]) {
		return nil, true, size, nil
	}
	buf = buf[:k]
	// A head read short of what was asked met the end of the file.
	for k == len(head) {
		if int64(len(buf)) > limit {
			return nil, false, size, errTooLarge
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false, size, err
		}
	}
	if d := bomUTF16(buf); d != nil {
		// Scanned as UTF-8 (as ripgrep does): positions are those of
		// the decoded text.
		if text, err := d.Bytes(buf); err == nil {
			return text, false, size, nil
		}
	}
	return buf, false, size, nil
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
