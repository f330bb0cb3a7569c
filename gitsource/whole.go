package gitsource

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Whole returns the named files (paths relative to the current directory
// or absolute) whole, from the working tree, except those whose slash path
// relative to the root is in skip: what pre-commit's --all-files and
// --files pass, where nothing is staged for the files named. Every line
// counts as added (New). Names outside the repository, directories,
// symbolic links and special files are left out; a file larger than
// MaxBlobSize is returned TooLarge, unread.
func (r *Repo) Whole(paths []string, skip map[string]bool) ([]File, error) {
	var out []File
	seen := map[string]bool{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		// The root is git's (symbolic links resolved); resolve the
		// directory the same way, not the file (a link is left out).
		if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			abs = filepath.Join(dir, filepath.Base(abs))
		}
		root := r.Root
		if rr, err := filepath.EvalSymlinks(root); err == nil {
			root = rr
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = filepath.ToSlash(rel)
		if skip[rel] || seen[rel] || rel == ".git" || strings.HasPrefix(rel, ".git/") {
			continue
		}
		st, err := os.Lstat(abs)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		seen[rel] = true
		f := File{Path: rel, New: true}
		if r.MaxBlobSize > 0 && st.Size() > r.MaxBlobSize {
			f.TooLarge = true
			out = append(out, f)
			continue
		}
		fh, err := os.Open(abs)
		if err != nil {
			return nil, err
		}
		limit := st.Size() + 1
		if r.MaxBlobSize > 0 {
			limit = r.MaxBlobSize + 1
		}
		f.Content, err = io.ReadAll(io.LimitReader(fh, limit))
		_ = fh.Close()
		if err != nil {
			return nil, err
		}
		if r.MaxBlobSize > 0 && int64(len(f.Content)) > r.MaxBlobSize {
			f.Content, f.TooLarge = nil, true
		} else {
			f.Added = Ranges{{Start: 1, End: bytes.Count(f.Content, []byte{'\n'}) + 1}}
		}
		out = append(out, f)
	}
	return out, nil
}
