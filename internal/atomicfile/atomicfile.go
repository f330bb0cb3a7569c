// Package atomicfile replaces files so that a reader, or a crash, sees the
// old content or the new, never a part: the one atomic writer of
// remediate's rewrites, the Go rewriter, baselines and installed hooks.
package atomicfile

import (
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

// Write replaces path with data: a temporary file in the same directory,
// written, given mode, fsynced, renamed over path, and the directory
// fsynced. It takes no context: once started, a write finishes.
func Write(path string, data []byte, mode fs.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+TempMarker+"*")
	if err != nil {
		return fmt.Errorf("creating a temporary file next to %s: %w", base, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil { // clean up after the failure being returned
			_ = f.Close()
			_ = os.Remove(tmp)
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
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replacing %s: %w", base, err)
	}
	return SyncDir(dir)
}

// SyncDir fsyncs a directory so that a rename or create in it is durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = d.Close() }() // opened read only
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("syncing directory %s: %w", dir, err)
	}
	return nil
}
