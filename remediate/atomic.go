package remediate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/secretlint-go/secretlint/internal/atomicfile"
)

// tempMarker names the temporary file written next to a file being
// replaced; a run killed between writing it and renaming it leaves one
// behind, which the next run removes.
const tempMarker = atomicfile.TempMarker

// writeFileAtomic and syncDir: see package atomicfile.
var (
	writeFileAtomic = atomicfile.Write
	syncDir         = atomicfile.SyncDir
)

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
