//go:build unix

package remediate

import (
	"os"
	"syscall"
)

// flock takes an exclusive advisory lock on f without waiting; the kernel
// releases it when the process ends, however it ends.
func flock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

func funlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
