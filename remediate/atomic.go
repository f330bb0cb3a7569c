package remediate

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/secretlint-go/secretlint/internal/atomicfile"
)

// tempMarker names the temporary file written next to a file being
// replaced; a run killed between writing it and renaming it leaves one
// behind, which the next run removes.
const tempMarker = atomicfile.TempMarker

// syncDir: see package atomicfile.
var syncDir = atomicfile.SyncDir

// removeStaleTemps removes temporary files left next to rel (a plan path)
// below root by a killed run; through root, so never outside it.
func removeStaleTemps(root *os.Root, rel string) {
	dir, base := path.Split(rel)
	if dir == "" {
		dir = "."
	}
	d, err := root.Open(filepath.FromSlash(dir))
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	_ = d.Close() // read only
	for _, n := range names {
		if strings.HasPrefix(n, "."+base+tempMarker) {
			_ = root.Remove(filepath.Join(filepath.FromSlash(dir), n)) // best effort: a leftover is harmless, the next run tries again
		}
	}
}

// errChangedDuringRun: a file changed between the run reading it and
// writing it; the write is cancelled and the file reported as changed.
var errChangedDuringRun = errors.New("the file changed during the run (someone edited it): left as it is")

// readIn reads rel (a plan path) below root, returning exists=false when
// it does not exist: no element of the path may be a link, and the file
// is read through root.
func readIn(root *os.Root, rel string) (content []byte, mode fs.FileMode, exists bool, err error) {
	info, err := checkNoLink(root, rel)
	if err != nil || info == nil {
		return nil, 0, false, err
	}
	content, err = root.ReadFile(filepath.FromSlash(rel))
	return content, info.Mode(), true, err
}

// writeIn replaces rel below root with data (atomicfile.WriteIn), unless
// the file no longer holds was (or, when existed is false, now exists):
// the check runs immediately before the rename, so an edit made while the
// run talked to the store is never overwritten (errChangedDuringRun).
func writeIn(root *os.Root, rel string, data []byte, mode fs.FileMode, was []byte, existed bool) error {
	if _, err := checkNoLink(root, rel); err != nil {
		return err
	}
	return atomicfile.WriteIn(root, rel, data, mode, func() error {
		now, _, exists, err := readIn(root, rel)
		if err != nil || exists != existed || !bytes.Equal(now, was) {
			return errChangedDuringRun
		}
		return nil
	})
}
