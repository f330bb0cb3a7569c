package remediate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// LockFile is the tree's remediation lock, relative to the root: Apply,
// Resume and Rollback hold it (an exclusive advisory lock on the file,
// which holds the holder's PID) for their whole run, so that two runs
// never rewrite the same files from stale copies.
const LockFile = JournalDir + "/remediate.lock"

// ErrLocked is returned when another process holds the tree's lock.
var ErrLocked = errors.New("another secretlint remediation is running on this tree")

// treeLock is a held lock; unlock releases it.
type treeLock struct{ f *os.File }

// lockTree takes the tree's lock, or fails naming the PID of the process
// that holds it. The lock file is created through root: no element of its
// path may be a link.
func lockTree(root *os.Root, rootDir string) (*treeLock, error) {
	d, err := journalOpener(root, rootDir, filepath.Join(rootDir, filepath.FromSlash(JournalDir)))
	if err != nil {
		return nil, err
	}
	if err := d.gitignore(); err != nil {
		return nil, err
	}
	name := d.name(filepath.Base(LockFile))
	if info, err := root.Lstat(name); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("the lock file %s is not a regular file (a symbolic link is not followed): remove it", LockFile)
	}
	f, err := root.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file: %w", err)
	}
	if info, err := root.Lstat(name); err != nil || !info.Mode().IsRegular() {
		_ = f.Close() // refusing it
		return nil, fmt.Errorf("the lock file %s changed while it was opened", LockFile)
	}
	if err := flock(f); err != nil {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		_ = f.Close() // not ours
		pid := string(bytes.TrimSpace(b[:n]))
		if _, perr := strconv.Atoi(pid); perr != nil {
			pid = "unknown"
		}
		return nil, fmt.Errorf("%w (PID %s holds %s); wait for it to finish: %w", ErrLocked, pid, LockFile, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0) // informative only
	}
	return &treeLock{f: f}, nil
}

// unlock releases the lock (closing the file releases it).
func (l *treeLock) unlock() {
	if l != nil {
		_ = funlock(l.f) // closing releases it anyway
		_ = l.f.Close()
	}
}

// openTree opens the root of the remediated tree.
func openTree(rootDir string) (*os.Root, error) {
	r, err := os.OpenRoot(rootDir)
	if err != nil {
		return nil, fmt.Errorf("opening the tree: %w", err)
	}
	return r, nil
}
