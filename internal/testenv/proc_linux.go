package testenv

import (
	"os/exec"
	"syscall"
)

// killWithParent asks Linux to kill the server if the test binary dies
// without running its cleanups (a test timeout panics and exits), so no
// Vault process outlives the tests.
func killWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
