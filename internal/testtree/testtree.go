// Package testtree writes trees of files for tests.
package testtree

import (
	"os"
	"path/filepath"
	"testing"
)

// Write creates files (slash paths relative to root, to their content)
// under root, with the directories they need. Files are 0644: fixtures of
// a scanned tree, as a checkout has them.
func Write(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
