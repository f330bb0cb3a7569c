package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "values.yaml")
	if err := os.WriteFile(p, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("new\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || string(got) != "new\n" {
		t.Fatalf("content %q, %v", got, err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), TempMarker) {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// A directory that cannot take the temporary file: an error naming
	// the file, the old content kept.
	if err := Write(filepath.Join(dir, "missing", "x.yaml"), []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), "x.yaml") {
		t.Errorf("write into a missing directory: %v", err)
	}
}

// Issue 16 item 14: Write replaces only a regular file or makes a new
// one; a symbolic link (or a device, a FIFO) in its place is refused and
// kept.
func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "target")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("x"), 0o600); !errors.Is(err, ErrNotRegular) {
		t.Errorf("write over a link: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the target was written")
	}
}

// WriteIn writes through an os.Root (never outside it, never through a
// link) and calls check just before the rename; a failing check keeps
// the old file and leaves no temporary file.
func TestWriteIn(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("changed")
	if err := WriteIn(root, "f", []byte("new"), 0o600, func() error { return stop }); !errors.Is(err, stop) {
		t.Errorf("check error not returned: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "f")); string(b) != "old" {
		t.Errorf("a failing check did not keep the old file: %q", b)
	}
	if err := WriteIn(root, "f", []byte("new"), 0o600, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "f")); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if err := WriteIn(root, "out/x", []byte("x"), 0o600, nil); err == nil {
		t.Errorf("wrote through a link out of the root")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("files created outside the root: %v", entries)
	}
}
