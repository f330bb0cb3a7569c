package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExecDotenv: --env-file takes a dotenv file; values that are not
// references pass through as godotenv reads them, and errors quote no
// value.
func TestExecDotenv(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "app.env")
	writeFile(t, f, "# settings\nAPP_ENV=production\nexport GREETING=\"hello world\" # a comment\n")
	code, _, stderr := cli(t, nil, "exec", "--env-file", f, "--", "sh", "-c", `test "$APP_ENV" = production && test "$GREETING" = "hello world"`)
	if code != 0 {
		t.Errorf("plain dotenv values did not reach the command: exit %d, %q", code, stderr)
	}
	// A reference secretlint does not resolve: an error naming the
	// variable, not its neighbours' values.
	writeFile(t, f, "TOKEN=ref+gcpsecrets://proj/tok\nDB_PASSWORD=hX9kq2Vr7pLmZ\n")
	code, stdout, stderr := cli(t, nil, "exec", "--env-file", f, "--", "true")
	if code != 2 || !strings.Contains(stderr, "TOKEN") || strings.Contains(stdout+stderr, "hX9kq2Vr7pLmZ") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// A file godotenv cannot read: its text is not quoted.
	writeFile(t, f, "DB_PASSWORD=\"hX9kq2Vr7pLmZ\n")
	code, stdout, stderr = cli(t, nil, "exec", "--env-file", f, "--", "true")
	if code != 2 || strings.Contains(stdout+stderr, "hX9kq2Vr7pLmZ") {
		t.Errorf("unreadable dotenv: exit %d, stderr %q", code, stderr)
	}
}
