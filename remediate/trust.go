package remediate

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/report"
)

// A plan and a journal are read from disk, where the scanned repository
// (untrusted) may have put them. This file holds what makes them safe to
// carry out: the plan's ID is an HMAC under the fingerprint salt, so only
// someone who knows the salt can make one that is accepted; every path is
// checked to be a plain relative path below the root that passes through
// no symbolic link; and every edit's span is checked before anything is
// written (the journal included).

// keyed returns HMAC-SHA256 of data under a key derived from the salt for
// purpose (finding.DefaultSalt when salt is empty).
func keyed(salt, purpose string, data ...[]byte) []byte {
	if salt == "" {
		salt = finding.DefaultSalt
	}
	k := hmac.New(sha256.New, []byte(salt))
	k.Write([]byte("secretlint remediate " + purpose))
	m := hmac.New(sha256.New, k.Sum(nil))
	for _, d := range data {
		m.Write(d)
	}
	return m.Sum(nil)
}

// fileHash is the hash of a file's content a plan and a journal record
// (PlanFile.Before and After): an HMAC under the fingerprint salt, because
// the file holds a value, and a plain hash of it would let anyone with the
// plan and the rewritten file test guesses of a weak value offline.
func fileHash(salt string, content []byte) string {
	return hex.EncodeToString(keyed(salt, "file hash", content))
}

// computeID returns the plan's ID: an HMAC of the rest of the plan under
// the fingerprint salt. The plan-out job and the apply job share the salt
// (SECRETLINT_FINGERPRINT_SALT); a plan edited by anyone who does not know
// it is refused.
func (p *Plan) computeID(salt string) string {
	c := *p
	c.ID = ""
	b, _ := json.Marshal(&c)
	return hex.EncodeToString(keyed(salt, "plan id", b))[:32]
}

// PlanError says which check a plan failed.
type PlanError struct {
	Check string // "id", "format", "path", "edit", "secret", "env map"
	Msg   string
}

func (e *PlanError) Error() string { return "the plan is refused (" + e.Check + " check): " + e.Msg }

func planErrorf(check, format string, args ...any) error {
	return &PlanError{Check: check, Msg: fmt.Sprintf(format, args...)}
}

// quotePath quotes a path from a plan for a message: control and
// bidirectional characters are escaped, as scan prints them.
func quotePath(p string) string { return `"` + report.Clean(p) + `"` }

// checkRelPath checks that p is a clean, slash-separated path that stays
// below the root: not empty, not absolute, no ".." or "." element, no
// backslash (a separator on Windows) and no NUL.
func checkRelPath(p string) error {
	switch {
	case p == "":
		return errors.New("empty path")
	case strings.ContainsAny(p, "\x00\\"):
		return fmt.Errorf("path %s holds a NUL or a backslash", quotePath(p))
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return fmt.Errorf("path %s is absolute", quotePath(p))
	case path.Clean(p) != p || !filepath.IsLocal(filepath.FromSlash(p)):
		return fmt.Errorf("path %s leaves the root or is not clean", quotePath(p))
	}
	for _, el := range strings.Split(p, "/") {
		if el == ".." || el == "." {
			return fmt.Errorf("path %s leaves the root", quotePath(p))
		}
	}
	return nil
}

// validate checks everything in a plan that needs no file: its ID under
// salt, its paths, and its edits' spans. The ID check comes first: a plan
// that fails it is reported as modified, whatever else is wrong.
func (p *Plan) validate(salt string) error {
	if p.Format != PlanFormat {
		return planErrorf("format", "not a secretlint remediation plan (format %q, want %q)", p.Format, PlanFormat)
	}
	if id := p.computeID(salt); !hmac.Equal([]byte(id), []byte(p.ID)) {
		return planErrorf("id", "its id %s is not the HMAC of its content under this fingerprint salt: it was modified after it was made, or made with another SECRETLINT_FINGERPRINT_SALT; make a new one with --plan-out", report.Clean(p.ID))
	}
	return p.validateContent()
}

// validateContent checks a plan's paths, secrets and spans.
func (p *Plan) validateContent() error {
	seen := map[string]bool{}
	names := map[dest]bool{}
	for _, s := range p.Secrets {
		if s == nil {
			return planErrorf("secret", "an empty secret")
		}
		if err := ValidateName(s.Name); err != nil {
			return planErrorf("secret", "%s", report.Clean(err.Error()))
		}
		for _, k := range s.Keys {
			if k == nil {
				return planErrorf("secret", "secret %s has an empty key", s.Name)
			}
			if err := ValidateKey(k.Key); err != nil {
				return planErrorf("secret", "secret %s: %s", s.Name, report.Clean(err.Error()))
			}
			names[dest{s.Name, k.Key}] = true
		}
	}
	for i, pf := range p.Files {
		if pf == nil {
			return planErrorf("path", "file %d is empty", i+1)
		}
		if err := checkRelPath(pf.Path); err != nil {
			return planErrorf("path", "file %d: %v", i+1, err)
		}
		if seen[pf.Path] {
			return planErrorf("path", "file %s is listed twice", quotePath(pf.Path))
		}
		seen[pf.Path] = true
		end := 0
		for j, e := range pf.Edits {
			where := fmt.Sprintf("%s edit %d", quotePath(pf.Path), j+1)
			switch {
			case e == nil:
				return planErrorf("edit", "%s is empty", where)
			case e.Offset < 0 || e.Offset > e.EndOffset:
				return planErrorf("edit", "%s: span [%d, %d) is not a span", where, e.Offset, e.EndOffset)
			case e.Offset < end:
				return planErrorf("edit", "%s: span [%d, %d) overlaps the previous edit or is out of order", where, e.Offset, e.EndOffset)
			case e.FindingOffset < 0 || e.FindingOffset > e.FindingEnd || max(e.Offset, e.FindingOffset) > min(e.EndOffset, e.FindingEnd):
				// The finding's span may be wider than the edit (a
				// CloudFormation !Sub whose inner string is edited) or
				// narrower (a dbt default without its quotes); they meet.
				return planErrorf("edit", "%s: finding span [%d, %d) is not a span that meets the edit's [%d, %d)", where, e.FindingOffset, e.FindingEnd, e.Offset, e.EndOffset)
			case e.Aux && (e.Secret != "" || e.Key != "" || e.EnvVar != ""):
				return planErrorf("edit", "%s: an aux edit moves no value but names one", where)
			case !e.Aux && !names[dest{e.Secret, e.Key}]:
				return planErrorf("edit", "%s: %s#%s is not one of the plan's secrets", where, report.Clean(e.Secret), report.Clean(e.Key))
			}
			end = e.EndOffset
		}
	}
	for i, ef := range p.EnvFiles {
		if ef == nil {
			return planErrorf("env map", "env map %d is empty", i+1)
		}
		if err := checkRelPath(ef.Path); err != nil {
			return planErrorf("path", "env map %d: %v", i+1, err)
		}
		if seen[ef.Path] {
			return planErrorf("path", "file %s is listed twice", quotePath(ef.Path))
		}
		seen[ef.Path] = true
		if ef.BeforeLen < 0 {
			return planErrorf("env map", "%s: negative length", quotePath(ef.Path))
		}
		for _, en := range ef.Entries {
			if en == nil || !validEnvName(en.Var) {
				return planErrorf("env map", "%s: an entry is not a valid variable", quotePath(ef.Path))
			}
		}
	}
	return nil
}

// preflight checks a plan against the tree before anything is written:
// no path passes through a symbolic link or a non-directory, every planned
// file is a regular file (or missing), and every edit of a file that is
// still as the plan saw it lies inside it.
func (p *Plan) preflight(root *os.Root, salt string) error {
	for _, pf := range p.Files {
		// A directory on the way that is a link refuses the plan; the file
		// itself, when it is a link or not a regular file, is left alone
		// and reported by the run (readIn refuses it).
		if err := checkNoLinkDir(root, path.Dir(pf.Path)); err != nil {
			return planErrorf("path", "file %s: %v", quotePath(pf.Path), err)
		}
		if info, err := checkNoLink(root, pf.Path); err != nil || info == nil {
			continue // missing or not a regular file: reported by the run
		}
		content, err := root.ReadFile(filepath.FromSlash(pf.Path))
		if err != nil || fileHash(salt, content) != pf.Before {
			continue // unreadable or changed: reported by the run
		}
		for j, e := range pf.Edits {
			if e.EndOffset > len(content) || e.FindingEnd > len(content) {
				return planErrorf("edit", "%s edit %d: span [%d, %d) runs past the end of the file (%d bytes)", quotePath(pf.Path), j+1, e.Offset, e.EndOffset, len(content))
			}
		}
	}
	for _, ef := range p.EnvFiles {
		if err := checkNoLinkDir(root, path.Dir(ef.Path)); err != nil {
			return planErrorf("path", "env map %s: %v", quotePath(ef.Path), err)
		}
	}
	return nil
}

// checkNoLink checks that no element of rel (a checked relative path)
// below root is a symbolic link, that every directory element is a
// directory, and that the last element, if it exists, is a regular file.
// It returns the last element's info, nil when it does not exist.
func checkNoLink(root *os.Root, rel string) (fs.FileInfo, error) {
	if err := checkRelPath(rel); err != nil {
		return nil, err
	}
	if err := checkNoLinkDir(root, path.Dir(rel)); err != nil {
		return nil, fmt.Errorf("path %s: %w", quotePath(rel), err)
	}
	info, err := root.Lstat(filepath.FromSlash(rel))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("%s: %s", quotePath(rel), errorsWithoutPath(err))
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("path %s is a symbolic link: remediation never writes through a link", quotePath(rel))
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("path %s is not a regular file", quotePath(rel))
	}
	return info, nil
}

// checkNoLinkDir is checkNoLink for a directory: every existing element is
// a directory and none is a link.
func checkNoLinkDir(root *os.Root, rel string) error {
	if rel == "." {
		return nil
	}
	if err := checkRelPath(rel); err != nil {
		return err
	}
	els := strings.Split(rel, "/")
	for i := range els {
		sub := strings.Join(els[:i+1], "/")
		info, err := root.Lstat(filepath.FromSlash(sub))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %s", quotePath(sub), errorsWithoutPath(err))
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: remediation never writes through a link", quotePath(sub))
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is not a directory", quotePath(sub))
		}
	}
	return nil
}

// prepare opens the tree, checks the plan against it (preflight) and
// takes the tree's lock, before the journal is created or opened.
func (a *applier) prepare() error {
	root, err := openTree(a.o.Root)
	if err != nil {
		return err
	}
	a.root = root
	if err := a.p.preflight(root, a.o.Salt); err != nil {
		return err
	}
	lock, err := lockTree(root, a.o.Root)
	if err != nil {
		return err
	}
	a.lock = lock
	return nil
}

// release drops the lock and closes the tree.
func (a *applier) release() {
	a.lock.unlock()
	if a.root != nil {
		_ = a.root.Close() // a directory, opened read only
	}
}

// openRun checks the journal at path (checkJournalFile, its MACs, its
// plan) and prepares an applier for its plan; the caller opens the
// journal for appending once prepared, and releases the applier.
func openRun(path string, opts ApplyOptions) (*applier, error) {
	if err := checkJournalFile(path); err != nil {
		return nil, err
	}
	st, err := readJournal(path, journalKey(opts))
	if err != nil {
		return nil, err
	}
	a, err := newApplier(st.plan, opts)
	if err != nil {
		return nil, err
	}
	a.st = st
	if err := a.prepare(); err != nil {
		a.release()
		return nil, err
	}
	return a, nil
}
