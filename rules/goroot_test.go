package rules

import (
	"os/exec"
	"strings"
	"testing"
)

// goroot returns the GOROOT of the go command on PATH (go env GOROOT), or
// "" when there is none. runtime.GOROOT is deprecated: it is the tree the
// test binary was built from, which need not exist where it runs.
func goroot(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		tb.Logf("go env GOROOT: %v", err)
		return ""
	}
	return strings.TrimSpace(string(out))
}
