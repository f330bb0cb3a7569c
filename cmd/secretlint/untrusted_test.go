package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
)

// Issue 16: the scanned repository is untrusted input.

// Item 5: a committed ".gitattributes * -diff" does not hide history
// from scan --git.
func TestScanGitIgnoresDiffAttribute(t *testing.T) {
	r := newRepo(t)
	r.Write(".gitattributes", "* -diff\n")
	r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
	r.Commit("hide it")
	r.Write("app.yaml", "name: app\n")
	r.Commit("gone from the tree")
	fs := jsonFindings(t, ExitFindings, "--git")
	if len(fs) != 1 || fs[0].File != "app.yaml" {
		t.Errorf("scan --git with * -diff: %+v, want the app.yaml finding", fs)
	}
}

// Item 5: a NUL past the first 8 KiB is text; a UTF-16 file with a BOM
// is text; every skipped file is listed under --verbose.
func TestBinaryJudgementAndVerboseSkips(t *testing.T) {
	r := newRepo(t)
	r.Write("late-nul.yaml", "token: "+fakeGitHub+"\n"+strings.Repeat("# filler line\n", 700)+"\x00\n")
	utf16 := []byte{0xFF, 0xFE}
	for _, c := range "token: " + fakeGitHub2 + "\n" {
		utf16 = append(utf16, byte(c), 0)
	}
	r.Write("utf16.yaml", string(utf16))
	r.Write("image.bin", "\x00\x01\x02binary")
	res := gcli(t, "scan", "--verbose", ".")
	res.wantCode(t, ExitFindings)
	for _, want := range []string{"late-nul.yaml", "utf16.yaml"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("no finding in %s:\n%s", want, res.stdout)
		}
	}
	if !strings.Contains(res.stderr, "skipped image.bin") {
		t.Errorf("--verbose does not list the skipped binary file:\n%s", res.stderr)
	}
}

// Item 5: remediate keeps a file whose name starts with "..".
func TestRemediateKeepsDotDotNames(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "..values.yaml"), "db:\n  password: Xq7-fake-Wm2-pass-Lr9\n")
	code, out, errOut := cliWith(t, defaultScan, map[string]string{}, "remediate", "-C", root, "--backend", "vault")
	if code != 1 || strings.Contains(out, "Nothing to remediate") || !strings.Contains(out, "..values.yaml") {
		t.Errorf("remediate of ..values.yaml: exit %d\n%s\n%s", code, out, errOut)
	}
}

// Item 11: --output with --show-secrets is 0600.
func TestShowSecretsOutputMode(t *testing.T) {
	r := newRepo(t)
	r.Write("app.yaml", "token: "+fakeGitHub+"\n")
	if err := os.WriteFile("report.txt", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"new-report.txt", "report.txt"} {
		var out, errb strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		run(t.Context(), []string{"scan", "--show-secrets", "--output", name, "app.yaml"}, e)
		fi, err := os.Stat(name)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 (%v)", name, fi.Mode().Perm(), err)
		}
	}
}

// Item 13: a FIFO or a device named on the command line is reported and
// never read (a FIFO would block for good).
func TestScanSpecialFilesNamed(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	done := make(chan cliResult, 1)
	go func() { done <- gcli(t, "scan", fifo, os.DevNull) }()
	select {
	case res := <-done:
		for _, want := range []string{"a FIFO", "a character device"} {
			if !strings.Contains(res.stdout+res.stderr, want) {
				t.Errorf("no notice saying %q:\n%s\n%s", want, res.stdout, res.stderr)
			}
		}
	case <-time.After(20 * time.Second):
		// Unblock the reader so that the test ends.
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			_ = f.Close()
		}
		t.Fatal("scan of a FIFO blocked")
	}
}

// Item 14: baseline -o never replaces a link or a device.
func TestBaselineOutputOnlyRegular(t *testing.T) {
	r := newRepo(t)
	r.Write("app.yaml", "name: app\n")
	target := filepath.Join(t.TempDir(), "target.json")
	if err := os.WriteFile(target, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, "link.json"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SECRETLINT_FINGERPRINT_SALT", "baseline-output-test-salt")
	res := gcli(t, "baseline", "-o", "link.json")
	res.wantCode(t, ExitError)
	if fi, err := os.Lstat("link.json"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep\n" {
		t.Errorf("the link's target was written: %q", b)
	}
	// A node that is not a regular file (a FIFO here; a device such as
	// /dev/null takes the same path, but a test must never risk replacing
	// a real device): refused, the node kept.
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	if err := writeFileAtomic(fifo, []byte("x")); err == nil {
		t.Errorf("writing over a FIFO was not refused")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced")
	}
}

// Item 2: --resume shows the plan it takes from the journal before it
// runs it, and refuses a journal this machine did not write.
func TestResumeShowsPlanAndRefusesPlanted(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "values.yaml"), "db:\n  password: Xq7-fake-Wm2-pass-Lr9\n")
	getenv := map[string]string{"XDG_STATE_HOME": t.TempDir()}
	// A journal written under another machine's key, planted in the tree.
	p, err := remediate.NewPlan(t.Context(), mustScan(t, root), remediate.PlanOptions{Root: root, Refs: remediate.RefSyntax{Backend: "vault"}})
	if err != nil {
		t.Fatal(err)
	}
	plantJournal(t, root, p)
	code, out, errOut := cliWith(t, defaultScan, getenv, "remediate", "-C", root, "--resume")
	if code != ExitError || !strings.Contains(errOut, "no unfinished journal") {
		t.Errorf("resume with only a planted journal: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = cliWith(t, defaultScan, getenv, "remediate", "-C", root, "--resume", "--journal", remediate.DefaultJournalPath(root, p.ID))
	if code != ExitError || !strings.Contains(errOut, "not written by secretlint on this machine") || strings.Contains(out, "Secrets to store") {
		t.Errorf("resume of a planted journal: exit %d\n%s\n%s", code, out, errOut)
	}

	// A journal of this machine: the plan is shown before anything runs.
	key, err := remediate.MachineKey(filepath.Join(getenv["XDG_STATE_HOME"], "secretlint"))
	if err != nil {
		t.Fatal(err)
	}
	root2 := t.TempDir()
	writeFile(t, filepath.Join(root2, "values.yaml"), "db:\n  password: Xq7-fake-Wm2-pass-Lr9\n")
	p2, err := remediate.NewPlan(t.Context(), mustScan(t, root2), remediate.PlanOptions{Root: root2, Refs: remediate.RefSyntax{Backend: "vault"}})
	if err != nil {
		t.Fatal(err)
	}
	plantJournalKey(t, root2, p2, key)
	getenv["VAULT_ADDR"], getenv["VAULT_TOKEN"] = "http://127.0.0.1:1", "none"
	_, out, _ = cliWith(t, defaultScan, getenv, "remediate", "-C", root2, "--resume", "--yes")
	if !strings.Contains(out, "Resuming the run recorded in") || !strings.Contains(out, "Secrets to store") {
		t.Errorf("resume does not show the plan first:\n%s", out)
	}
}

func mustScan(t *testing.T, root string) []finding.Finding {
	t.Helper()
	fs, err := defaultScan(t.Context(), root, nil, mustConfig(t, root))
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// plantJournal writes a journal for p as another machine would: under a key
// this test's machine key is not.
func plantJournal(t *testing.T, root string, p *remediate.Plan) {
	t.Helper()
	plantJournalKey(t, root, p, []byte(strings.Repeat("k", 32)))
}

// plantJournalKey leaves an unfinished journal for p under key.
func plantJournalKey(t *testing.T, root string, p *remediate.Plan, key []byte) {
	t.Helper()
	type stop struct{}
	other := remediate.ApplyOptions{Root: root, Store: memstore.New(memstore.Options{Kind: "vault"}), JournalKey: key,
		AfterStep: func(n int, _ string) {
			if n == 2 {
				panic(stop{}) // a run killed after its first step
			}
		}}
	func() {
		defer func() {
			if r := recover(); r != (stop{}) {
				panic(r)
			}
		}()
		_, _ = remediate.Apply(t.Context(), p, other)
	}()
	if _, err := os.Stat(remediate.DefaultJournalPath(root, p.ID)); err != nil {
		t.Fatalf("no journal planted: %v", err)
	}
}

// Item 1: a --plan-in plan is authenticated by the salt; with the public
// default salt it is refused unless --allow-default-salt says so.
func TestPlanInNeedsASecretSalt(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "values.yaml"), "db:\n  password: Xq7-fake-Wm2-pass-Lr9\n")
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if code, _, errOut := cliWith(t, defaultScan, map[string]string{}, "remediate", "-C", root, "--backend", "vault", "--plan-out", planFile); code != 1 {
		t.Fatalf("plan-out: exit %d %s", code, errOut)
	}
	code, out, errOut := cliWith(t, defaultScan, map[string]string{}, "remediate", "-C", root, "--plan-in", planFile)
	if code != ExitError || !strings.Contains(errOut, "--allow-default-salt") || strings.Contains(out, "Secrets to store") {
		t.Errorf("plan-in under the default salt: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = cliWith(t, defaultScan, map[string]string{}, "remediate", "-C", root, "--plan-in", planFile, "--allow-default-salt")
	if code != 1 || !strings.Contains(out, "Secrets to store") {
		t.Errorf("plan-in with --allow-default-salt: exit %d\n%s\n%s", code, out, errOut)
	}
	// An edited plan says which check failed.
	b, _ := os.ReadFile(planFile)
	edited := strings.Replace(string(b), `"values.yaml"`, `"../values.yaml"`, 1)
	writeFile(t, planFile, edited)
	_, _, errOut = cliWith(t, defaultScan, map[string]string{}, "remediate", "-C", root, "--plan-in", planFile, "--allow-default-salt")
	if !strings.Contains(errOut, "(id check)") {
		t.Errorf("edited plan: %s", errOut)
	}
}

// Item 8: exec refuses loader, shell and interpreter variables from an
// env map, before it reads any secret; --allow-env narrows the names.
func TestExecRefusesControlVariables(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"LD_PRELOAD", "PATH", "BASH_ENV", "NODE_OPTIONS", "PYTHONSTARTUP", "DYLD_INSERT_LIBRARIES", "GCONV_PATH", "IFS", "PERL5OPT", "RUBYOPT"} {
		envFile := filepath.Join(dir, v+".env.yaml")
		writeFile(t, envFile, v+": ref+vault://secret/app#key\n")
		code, _, errOut := cliWith(t, defaultScan, map[string]string{"VAULT_ADDR": "http://127.0.0.1:1"}, "exec", "--env-file", envFile, "--", "true")
		if code != ExitError || !strings.Contains(errOut, v+", which controls how programs are loaded") {
			t.Errorf("%s: exit %d: %s", v, code, errOut)
		}
	}
	envFile := filepath.Join(dir, "app.env.yaml")
	writeFile(t, envFile, "APP_TOKEN: ref+vault://secret/app#key\n")
	code, _, errOut := cliWith(t, defaultScan, map[string]string{"VAULT_ADDR": "http://127.0.0.1:1"}, "exec", "--env-file", envFile, "--allow-env", "DBT_ENV_SECRET_*", "--", "true")
	if code != ExitError || !strings.Contains(errOut, "does not name") {
		t.Errorf("APP_TOKEN outside the allowlist: exit %d: %s", code, errOut)
	}
}

// Item 6: an allowlist that matches everything is a configuration error
// (exit 2), and --no-repo-config reads none of the repository's files.
func TestAllowEverythingAndNoRepoConfig(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"allow.values":      {".secretlint.yaml": "allow:\n  values: [\".\"]\n"},
		"allow.paths":       {".secretlint.yaml": "allow:\n  paths: [\"**\"]\n"},
		".secretlintignore": {".secretlintignore": "*\n"},
		"gitleaks paths":    {".gitleaks.toml": "[extend]\nuseDefault = true\n[allowlist]\npaths = ['''.''']\n"},
		"gitleaks regexes":  {".gitleaks.toml": "[extend]\nuseDefault = true\n[[allowlists]]\nregexes = ['''.*''']\n"},
	} {
		t.Run(name, func(t *testing.T) {
			r := newRepo(t)
			r.Write("app.yaml", "token: "+fakeGitHub+"\n")
			for n, c := range files {
				r.Write(n, c)
			}
			res := gcli(t, "scan", ".")
			if res.code != ExitError || !strings.Contains(res.stdout+res.stderr, "turns the scan off") {
				t.Errorf("exit %d, want 2 with a clear message:\n%s\n%s", res.code, res.stdout, res.stderr)
			}
			// A CI job on a pull request reads none of them.
			res = gcli(t, "scan", "--no-repo-config", ".")
			if res.code != ExitFindings || !strings.Contains(res.stdout, "app.yaml") {
				t.Errorf("--no-repo-config: exit %d:\n%s\n%s", res.code, res.stdout, res.stderr)
			}
		})
	}
}

// Item 9: a report whose fingerprints use the public default salt says so.
func TestReportWarnsOfDefaultSalt(t *testing.T) {
	r := newRepo(t)
	r.Write("app.yaml", "token: "+fakeGitHub+"\n")
	if res := gcli(t, "scan", "--format", "sarif", "."); !strings.Contains(res.stderr, "public default salt") {
		t.Errorf("no notice about the default salt:\n%s", res.stderr)
	}
	t.Setenv("SECRETLINT_FINGERPRINT_SALT", "report-test-salt")
	if res := gcli(t, "scan", "--format", "sarif", "."); strings.Contains(res.stderr, "public default salt") {
		t.Errorf("notice with a salt set:\n%s", res.stderr)
	}
}

// Item 6: every format says which configuration and ignore files applied
// and what each left out.
func TestReportsNameConfigSources(t *testing.T) {
	r := newRepo(t)
	r.Write(".secretlint.yaml", "allow:\n  values: [\"^ghp_4kR9\"]\n")
	r.Write(".secretlintignore", "hidden.yaml\n")
	r.Write("app.yaml", "token: "+fakeGitHub+"\n")
	r.Write("hidden.yaml", "token: "+fakeGitHub2+"\n")
	r.Write("keys.env", "AWS_ACCESS_KEY_ID="+fakeAWS+"\n")
	for _, format := range reportFormats {
		res := gcli(t, "scan", "--format", format, ".")
		out := res.stdout
		for _, want := range []string{".secretlint.yaml (config): 1 findings suppressed", ".secretlintignore (ignore): 0 findings suppressed, 1 files skipped"} {
			if format == "json" || format == "sarif" {
				want = map[string]string{
					".secretlint.yaml (config): 1 findings suppressed":                   `"suppressed_findings": 1`,
					".secretlintignore (ignore): 0 findings suppressed, 1 files skipped": `"skipped_files": 1`,
				}[want]
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q:\n%s", format, want, out)
			}
		}
	}
}
