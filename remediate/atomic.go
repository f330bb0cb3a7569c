package remediate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempMarker names the temporary file written next to a file being
// replaced; a run killed between writing it and renaming it leaves one
// behind, which the next run removes.
const tempMarker = ".secretlint-tmp-"

// writeFileAtomic replaces path with data: a temporary file in the same
// directory, written, given the mode, fsynced, renamed over path, and the
// directory fsynced. A reader (or a crash) sees the old or the new content,
// never a part. It takes no context: once started, a write finishes.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tempMarker+"*")
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
	return syncDir(dir)
}

// syncDir fsyncs a directory so that a rename or create in it is durable.
func syncDir(dir string) error {
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

// removeStaleTemps removes temporary files left next to path by a killed
// run.
func removeStaleTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "."+base+tempMarker+"*"))
	for _, m := range matches {
		if strings.Contains(filepath.Base(m), tempMarker) {
			_ = os.Remove(m) // best effort: a leftover is harmless, the next run tries again
		}
	}
}

// readState reads a file, returning exists=false when it does not exist.
func readState(path string) (content []byte, mode fs.FileMode, exists bool, err error) {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	if !info.Mode().IsRegular() {
		return nil, 0, false, fmt.Errorf("%s is not a regular file (a symbolic link is not followed: rewrite its target)", filepath.Base(path))
	}
	content, err = os.ReadFile(path)
	return content, info.Mode(), true, err
}
