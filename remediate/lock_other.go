//go:build !unix

package remediate

import "os"

// flock: on systems without flock(2) the lock file only records the PID;
// concurrent runs are not excluded there.
func flock(*os.File) error { return nil }

func funlock(*os.File) error { return nil }
