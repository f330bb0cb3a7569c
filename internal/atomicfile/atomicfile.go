// Package atomicfile replaces files so that a reader, or a crash, sees the
// old content or the new, never a part: the one atomic writer of
// remediate's rewrites, the Go rewriter, baselines and installed hooks.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// TempMarker names the temporary file written next to a file being
// replaced (".NAME.secretlint-tmp-RANDOM"), so that one left by a killed
// run can be recognised and removed.
const TempMarker = ".secretlint-tmp-"

// ErrNotRegular: the path to replace exists and is not a regular file (a
// symbolic link, a device, a FIFO, a directory). Write never replaces one:
// renaming over /dev/null or over a link would replace the node itself.
var ErrNotRegular = errors.New("not a regular file")

// checkTarget refuses a target that exists and is not a regular file.
func checkTarget(lstat func(string) (fs.FileInfo, error), name, base string) error {
	info, err := lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("checking %s: %w", base, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("refusing to replace %s: %w (%s)", base, ErrNotRegular, info.Mode().Type())
	}
	return nil
}

// Write replaces path with data: a temporary file in the same directory,
// written, given mode, fsynced, renamed over path, and the directory
// fsynced. path must be a regular file or not exist (ErrNotRegular). It
// takes no context: once started, a write finishes.
func Write(path string, data []byte, mode fs.FileMode) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("creating a temporary file next to %s: %w", base, err)
	}
	defer func() { _ = root.Close() }() // a directory handle
	return WriteIn(root, base, data, mode, nil)
}

// SyncDir fsyncs a directory so that a rename or create in it is durable.
func SyncDir(dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer func() { _ = root.Close() }() // a directory handle
	return SyncDirIn(root, ".")
}

// WriteIn is Write for name, a slash- or OS-separated path relative to
// root: every file it opens, creates or renames is reached through root
// (os.Root), so nothing is written outside it, even through a link. name
// must be a regular file or not exist (ErrNotRegular). check, when not nil,
// runs once the new content is on disk, immediately before the rename:
// its error cancels the write (the old file stays) and is returned as is,
// so a caller can re-check that the file is still what it read.
func WriteIn(root *os.Root, name string, data []byte, mode fs.FileMode, check func() error) (err error) {
	name = filepath.FromSlash(name)
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	if err := checkTarget(root.Lstat, name, base); err != nil {
		return err
	}
	var f *os.File
	var tmp string
	for range 100 {
		rnd := make([]byte, 8)
		_, _ = rand.Read(rnd) // never fails (crypto/rand)
		tmp = filepath.Join(dir, "."+base+TempMarker+hex.EncodeToString(rnd))
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("creating a temporary file next to %s: %w", base, err)
	}
	defer func() {
		if err != nil { // clean up after the failure being returned
			_ = f.Close()
			_ = root.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", base, err)
	}
	if err = f.Chmod(mode.Perm()); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", base, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", base, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", base, err)
	}
	if check != nil {
		if err = check(); err != nil {
			return err
		}
	}
	if err = checkTarget(root.Lstat, name, base); err != nil {
		return err
	}
	if err = root.Rename(tmp, name); err != nil {
		return fmt.Errorf("replacing %s: %w", base, err)
	}
	return SyncDirIn(root, dir)
}

// SyncDirIn is SyncDir for a directory relative to root.
func SyncDirIn(root *os.Root, dir string) error {
	d, err := root.Open(filepath.FromSlash(dir))
	if err != nil {
		return err
	}
	defer func() { _ = d.Close() }() // opened read only
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("syncing directory %s: %w", dir, err)
	}
	return nil
}
