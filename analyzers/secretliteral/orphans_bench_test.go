package secretliteral

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkOrphanWalk measures the walk every package's pass makes for
// excluded directories, over every package directory of a module: the one
// SECRETLINT_BENCH_MODULE names (a corpus of scripts/corpus.sh, such as
// .cache/corpus/client-go), or a generated one of 300 packages.
func BenchmarkOrphanWalk(b *testing.B) {
	root := os.Getenv("SECRETLINT_BENCH_MODULE")
	if root == "" {
		root = b.TempDir()
		for i := range 300 {
			dir := filepath.Join(root, fmt.Sprintf("pkg%02d", i/30), fmt.Sprintf("sub%02d", i%30))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			for j := range 5 {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.go", j)), []byte("package sub\n"), 0o600); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var dirs []string
	w := &orphanWalker{root: r, ctxt: buildContext(r)}
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			if w.buildable(filepath.ToSlash(rel)) {
				dirs = append(dirs, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	b.ReportMetric(float64(len(dirs)), "packages")
	for b.Loop() {
		for _, d := range dirs {
			w := &orphanWalker{root: r, ctxt: buildContext(r)}
			w.walk(d)
			if d != "." && !w.buildable(".") {
				w.firstPackage(".")
			}
		}
	}
}
