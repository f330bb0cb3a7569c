package remediate

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
)

// A journal names files, secrets and keys, and --resume carries out the
// plan it holds; --rollback writes values read back from the store into
// the files it names. A repository can commit a file where journals are
// kept, so a journal is only trusted when every line carries a MAC under a
// key that never leaves this machine (MachineKey), and when git does not
// track it.

// MachineKeyFile is the name of the journal key in its directory.
const MachineKeyFile = "journal.key"

// MachineKey returns the key that authenticates the journals written on
// this machine, kept in dir (mode 0700; the key file 0600), creating it on
// first use. The command keeps it under $XDG_STATE_HOME/secretlint
// (default ~/.local/state/secretlint), outside any tree it remediates.
func MachineKey(dir string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the journal key directory: %w", err)
	}
	name := filepath.Join(dir, MachineKeyFile)
	for range 2 {
		b, err := readNoFollow(name)
		if err == nil {
			key, derr := hex.DecodeString(string(bytes.TrimSpace(b)))
			if derr != nil || len(key) < 32 {
				return nil, fmt.Errorf("the journal key %s is not a key: remove it to make a new one (journals written with it can then no longer be resumed)", name)
			}
			return key, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading the journal key: %w", err)
		}
		key := make([]byte, 32)
		_, _ = rand.Read(key) // never fails (crypto/rand)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // another process made it first: read theirs
		}
		if err != nil {
			return nil, fmt.Errorf("creating the journal key: %w", err)
		}
		_, err = f.Write([]byte(hex.EncodeToString(key) + "\n"))
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(name) // a partial key is useless
			return nil, fmt.Errorf("writing the journal key: %w", err)
		}
		return key, nil
	}
	return nil, fmt.Errorf("the journal key %s keeps changing", name)
}

// journalKey is the key of opts' journals: opts.JournalKey, else one
// derived from the fingerprint salt (a library caller that keeps no key;
// the command always passes MachineKey).
func journalKey(opts ApplyOptions) []byte {
	if len(opts.JournalKey) > 0 {
		return opts.JournalKey
	}
	return keyed(opts.Salt, "journal key")
}

// journalMAC is the MAC of one journal line's body, chained to the MAC of
// the line before it (prev), so that lines cannot be dropped, reordered or
// moved between journals without notice (a torn last line is still
// dropped: it never had a MAC).
func journalMAC(key []byte, prev string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(prev))
	m.Write([]byte{0})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// splitMAC splits a journal line {...,"mac":"HEX"} into the body the MAC
// covers ({...}) and the MAC.
func splitMAC(line []byte) (body []byte, mac string, ok bool) {
	const tag = `,"mac":"`
	i := bytes.LastIndex(line, []byte(tag))
	if i < 0 || !bytes.HasSuffix(line, []byte(`"}`)) {
		return nil, "", false
	}
	mac = string(line[i+len(tag) : len(line)-2])
	if len(mac) != 2*sha256.Size {
		return nil, "", false
	}
	body = append(bytes.Clone(line[:i]), '}')
	return body, mac, true
}

// checkJournalFile refuses a journal that is not a regular file (a link
// is not followed) or that git tracks: a tracked journal came with the
// repository, not from a run on this machine.
func checkJournalFile(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("reading the journal: %w", err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("the journal %s is not a regular file (a symbolic link is not followed)", quotePath(path))
	}
	cmd := exec.Command("git", "-C", filepath.Dir(path), "ls-files", "--error-unmatch", "--", filepath.Base(path))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if cmd.Run() == nil {
		return fmt.Errorf("the journal %s is tracked by git: it came with the repository, not from a run on this machine; refusing it", quotePath(path))
	}
	return nil
}

// readNoFollow reads a file that must be a regular file, not a link.
func readNoFollow(path string) ([]byte, error) {
	f, err := openNoFollow(path, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read only
	return io.ReadAll(f)
}

// openNoFollow opens an existing regular file that is not a symbolic
// link, and checks that what it opened is what it looked at.
func openNoFollow(path string, flag int) (*os.File, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (a symbolic link is not followed)", quotePath(path))
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, err
	}
	if got, err := f.Stat(); err != nil || !os.SameFile(info, got) {
		_ = f.Close() // refusing it
		return nil, fmt.Errorf("%s changed while it was opened", quotePath(path))
	}
	return f, nil
}

// journalDir creates and opens files in one journal directory: through the
// tree's os.Root when the directory is inside the tree (no element may be
// a link), else by path.
type journalDir struct {
	root *os.Root // nil outside the tree
	rel  string   // the directory relative to root
	dir  string
}

func journalOpener(root *os.Root, rootDir, dir string) (*journalDir, error) {
	if root != nil {
		ar, err1 := filepath.Abs(rootDir)
		ad, err2 := filepath.Abs(dir)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(ar, ad); err == nil && filepath.IsLocal(rel) {
				rel = filepath.ToSlash(rel)
				if err := checkNoLinkDir(root, rel); err != nil {
					return nil, fmt.Errorf("the journal directory: %w", err)
				}
				if err := root.MkdirAll(filepath.FromSlash(rel), 0o700); err != nil {
					return nil, fmt.Errorf("creating the journal directory: %w", err)
				}
				if err := checkNoLinkDir(root, rel); err != nil {
					return nil, fmt.Errorf("the journal directory: %w", err)
				}
				return &journalDir{root: root, rel: rel, dir: dir}, nil
			}
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the journal directory: %w", err)
	}
	return &journalDir{dir: dir}, nil
}

func (d *journalDir) name(base string) string {
	if d.root != nil {
		return filepath.Join(filepath.FromSlash(d.rel), base)
	}
	return filepath.Join(d.dir, base)
}

// file opens base with flag, which always includes O_CREATE|O_EXCL: a
// link in its place is never followed.
func (d *journalDir) file(base string, flag int, perm fs.FileMode) (*os.File, error) {
	if d.root != nil {
		return d.root.OpenFile(d.name(base), flag, perm)
	}
	return os.OpenFile(d.name(base), flag, perm)
}

func (d *journalDir) rename(from, to string) error {
	if d.root != nil {
		return d.root.Rename(d.name(from), d.name(to))
	}
	return os.Rename(d.name(from), d.name(to))
}

// gitignore creates the .gitignore that keeps journals out of commits,
// unless one is there; a link in its place is refused.
func (d *journalDir) gitignore() error {
	f, err := d.file(".gitignore", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		var info fs.FileInfo
		if d.root != nil {
			info, err = d.root.Lstat(d.name(".gitignore"))
		} else {
			info, err = os.Lstat(d.name(".gitignore"))
		}
		if err == nil && !info.Mode().IsRegular() {
			return fmt.Errorf("the journal directory's .gitignore is not a regular file (a symbolic link is not followed): remove it")
		}
		return nil
	}
	if err != nil {
		return nil //nolint:nilerr // best effort, as before: the journal is what matters
	}
	_, err = f.Write([]byte("# secretlint remediate journals and lock: local state, never commit\n*\n"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
