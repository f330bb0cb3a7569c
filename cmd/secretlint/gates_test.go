package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/baseline"
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/gitsource"
	"github.com/secretlint-go/secretlint/internal/gittest"
)

// Fake credentials in provider formats; none is real. Tests assert that no
// output ever contains them.
var (
	fakeGitHub  = "ghp_" + "4kR9xT2mQ8vN1pL7wZ3yH6bF0cJ5dS2aE9uK"
	fakeGitHub2 = "ghp_" + "Zz9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8"
	fakeAWS     = "AKIA" + "Z7QXPLN3RT5VW2YB"
	allFakes    = []string{fakeGitHub, fakeGitHub2, fakeAWS}
)

type cliResult struct {
	code           int
	stdout, stderr string
}

// gcli runs secretlint in-process and checks that no fake secret leaks.
func gcli(t *testing.T, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), args, e)
	r := cliResult{code, out.String(), errb.String()}
	for _, s := range allFakes {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Errorf("secretlint %s printed a secret value", strings.Join(args, " "))
		}
	}
	return r
}

func (r cliResult) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// jsonFindings runs a scan with --format json and decodes the findings.
func jsonFindings(t *testing.T, wantCode int, args ...string) []finding.Finding {
	t.Helper()
	r := gcli(t, append([]string{"scan", "--format", "json"}, args...)...)
	r.wantCode(t, wantCode)
	var doc struct {
		Findings []finding.Finding `json:"findings"`
		Stale    []staleEntry      `json:"stale"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("decoding %q: %v", r.stdout, err)
	}
	return doc.Findings
}

// hasNotice reports whether a text report has a line that names path (as
// "path:") and mentions kind, whatever the text format's layout.
func hasNotice(report, path, kind string) bool {
	for _, l := range strings.Split(report, "\n") {
		l = strings.TrimSpace(l)
		if (strings.HasPrefix(l, path+":") || strings.Contains(l, " "+path+":")) && strings.Contains(l, kind) {
			return true
		}
	}
	return false
}

func newRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	t.Chdir(r.Dir)
	return r
}

func TestScanStaged(t *testing.T) {
	t.Run("staged secret caught even after the work tree is cleaned", func(t *testing.T) {
		r := newRepo(t)
		r.Write("app.yaml", "name: app\n")
		r.Commit("base")
		r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
		r.Git("add", "app.yaml")
		r.Write("app.yaml", "name: app\n") // edited away, not re-staged
		res := gcli(t, "scan", "--staged")
		res.wantCode(t, ExitFindings)
		if !strings.Contains(res.stdout, "app.yaml:2:") || !strings.Contains(res.stdout, "github-pat") {
			t.Errorf("finding not shown with file, line and rule:\n%s", res.stdout)
		}
		if !strings.Contains(res.stderr, "--no-verify") || !strings.Contains(res.stderr, "secretlint explain") {
			t.Errorf("no advice on stderr: %q", res.stderr)
		}
	})
	t.Run("unstaged secret does not block", func(t *testing.T) {
		r := newRepo(t)
		r.Write("app.yaml", "name: app\n")
		r.Write("other.txt", "x\n")
		r.Commit("base")
		r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n") // not staged
		r.Write("other.txt", "x\ny\n")
		r.Git("add", "other.txt")
		gcli(t, "scan", "--staged").wantCode(t, ExitClean)
	})
	t.Run("existing secret on an untouched line is not this commit's", func(t *testing.T) {
		r := newRepo(t)
		r.Write("app.yaml", "token: "+fakeGitHub+"\nname: app\n")
		r.Commit("legacy")
		r.Write("app.yaml", "token: "+fakeGitHub+"\nname: app2\n")
		r.Git("add", "app.yaml")
		gcli(t, "scan", "--staged").wantCode(t, ExitClean)
		// A full scan still reports it.
		if fs := jsonFindings(t, ExitFindings); len(fs) != 1 {
			t.Errorf("tree scan: %d findings, want 1", len(fs))
		}
	})
	t.Run("new file, unborn branch, path limit", func(t *testing.T) {
		r := newRepo(t)
		r.Write("deploy/keys.env", "AWS_ACCESS_KEY_ID="+fakeAWS+"\n")
		r.Write("docs/readme.md", "hello\n")
		r.Git("add", "-A")
		fs := jsonFindings(t, ExitFindings, "--staged")
		if len(fs) != 1 || fs[0].File != "deploy/keys.env" || fs[0].Line != 1 || fs[0].RuleID != "aws-access-token" {
			t.Errorf("findings %+v", fs)
		}
		gcli(t, "scan", "--staged", "docs").wantCode(t, ExitClean)
	})
	t.Run("from a subdirectory, paths are repository-relative", func(t *testing.T) {
		r := newRepo(t)
		r.Write("sub/dir/app.env", "T="+fakeGitHub+"\n")
		r.Git("add", "-A")
		t.Chdir(filepath.Join(r.Dir, "sub"))
		fs := jsonFindings(t, ExitFindings, "--staged")
		if len(fs) != 1 || fs[0].File != "sub/dir/app.env" {
			t.Errorf("findings %+v", fs)
		}
	})
	t.Run("outside a repository", func(t *testing.T) {
		gittest.Isolate(t)
		t.Chdir(t.TempDir())
		res := gcli(t, "scan", "--staged")
		res.wantCode(t, ExitError)
		if !strings.Contains(res.stderr, "git work tree") {
			t.Errorf("stderr %q should say what is wrong", res.stderr)
		}
	})
}

func TestScanGitHistory(t *testing.T) {
	r := newRepo(t)
	r.Write("README.md", "# app\n")
	r.Commit("init")
	r.Write("config/prod.yaml", "db: postgres\napi_token: "+fakeGitHub+"\n")
	leak := r.Commit("add prod config")
	r.Write("config/prod.yaml", "db: postgres\napi_token: ${API_TOKEN}\n")
	fix := r.Commit("read the token from the environment")

	gcli(t, "scan").wantCode(t, ExitClean) // the tree is clean
	fs := jsonFindings(t, ExitFindings, "--git")
	if len(fs) != 1 {
		t.Fatalf("history findings %+v, want 1", fs)
	}
	f := fs[0]
	if f.Commit != leak || f.File != "config/prod.yaml" || f.Line != 2 || f.RuleID != "github-pat" {
		t.Errorf("finding %s:%d %s in %s, want config/prod.yaml:2 github-pat in %s", f.File, f.Line, f.RuleID, f.Commit, leak)
	}
	if f.Author != "Test Author" || f.Email != "author@example.com" || f.Date == "" {
		t.Errorf("author/date: %q %q %q", f.Author, f.Email, f.Date)
	}
	if !f.HasTag(gitsource.TagHistoryExposed) || !strings.Contains(f.Message, "rotate") {
		t.Errorf("tags %v message %q: want %s and rotate wording", f.Tags, f.Message, gitsource.TagHistoryExposed)
	}
	text := gcli(t, "scan", "--git")
	if !strings.Contains(text.stdout, leak[:12]) || !strings.Contains(text.stdout, "rotate") {
		t.Errorf("text output lacks the commit or the rotate advice:\n%s", text.stdout)
	}
	// --since the fix: nothing; --log-opts naming the leak's range: found.
	jsonFindings(t, ExitClean, "--git", "--since", fix)
	if fs := jsonFindings(t, ExitFindings, "--git", "--log-opts", leak+"~1.."+leak); len(fs) != 1 {
		t.Errorf("--log-opts range: %d findings, want 1", len(fs))
	}
	// The same secret in the tree and history has the same fingerprint,
	// so a baseline made from a tree scan accepts history findings too.
	if f.Fingerprint != finding.Fingerprint("", "github-pat", "config/prod.yaml", finding.NewSecret(fakeGitHub)) {
		t.Error("history fingerprint differs from the tree fingerprint")
	}
}

func TestScanDiffBase(t *testing.T) {
	r := newRepo(t)
	r.Write("legacy.env", "OLD="+fakeAWS+"\n")
	r.Write("app.yaml", "a: 1\n")
	r.Commit("base")
	r.Git("branch", "main-base")
	r.Git("checkout", "-q", "-b", "pr")
	r.Write("app.yaml", "a: 1\ntoken: "+fakeGitHub+"\n")
	r.Commit("pr change")
	fs := jsonFindings(t, ExitFindings, "--diff-base", "main-base")
	if len(fs) != 1 || fs[0].File != "app.yaml" {
		t.Errorf("diff-base findings %+v, want only app.yaml (legacy.env is unchanged)", fs)
	}
	res := gcli(t, "scan", "--diff-base", "nope")
	res.wantCode(t, ExitError)
	if !strings.Contains(res.stderr, "unknown revision") || !strings.Contains(res.stderr, "fetch") {
		t.Errorf("stderr %q should name the revision and suggest fetching", res.stderr)
	}
}

func TestScanFlagErrors(t *testing.T) {
	cases := map[string][]string{
		"two modes":           {"scan", "--staged", "--git"},
		"since without git":   {"scan", "--since", "HEAD~1"},
		"since and log-opts":  {"scan", "--git", "--since", "a", "--log-opts", "b"},
		"quiet and verbose":   {"scan", "--quiet", "--verbose"},
		"unknown flag":        {"scan", "--stagedd"},
		"stale with nothing":  {"scan", "--report-stale", "--gitleaksignore=false"},
		"explain no argument": {"explain"},
		"explain unknown":     {"explain", "githubpat"},
		"rules bad format":    {"rules", "--format", "xml"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			gcli(t, args...).wantCode(t, ExitError)
		})
	}
}

func TestBaselineFlow(t *testing.T) {
	r := newRepo(t)
	r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub+"\n")
	r.Write("keys/aws.env", "AWS_ACCESS_KEY_ID="+fakeAWS+"\n")
	r.Commit("legacy")

	// Issue 16 item 9: the default salt is public, so a committed
	// baseline under it would give weak values away: refused, with how to
	// set the salt.
	res := gcli(t, "baseline")
	res.wantCode(t, ExitError)
	if res.stdout != "" || !strings.Contains(res.stderr, "SECRETLINT_FINGERPRINT_SALT") {
		t.Errorf("baseline with the default salt:\nstdout: %s\nstderr: %s", res.stdout, res.stderr)
	}
	gcli(t, "baseline", "--quiet", "--allow-default-salt").wantCode(t, ExitClean)
	t.Setenv("SECRETLINT_FINGERPRINT_SALT", "baseline-flow-test-salt")

	res = gcli(t, "baseline")
	res.wantCode(t, ExitClean)
	if strings.Contains(res.stdout, "\"line\"") || !strings.Contains(res.stderr, "2 entries") {
		t.Errorf("baseline output:\n%s\nstderr: %s", res.stdout, res.stderr)
	}
	r.Write(baseline.DefaultFile, res.stdout)
	// Written with -o too, identically.
	gcli(t, "baseline", "--quiet", "-o", "again.json").wantCode(t, ExitClean)
	if again, _ := os.ReadFile("again.json"); string(again) != res.stdout {
		t.Error("baseline -o differs from stdout")
	}
	os.Remove("again.json")

	bl := "--baseline=" + baseline.DefaultFile
	jsonFindings(t, ExitClean, bl)

	// Lines move: still accepted.
	r.Write("app.yaml", "# a comment\n\nname: app\nextra: 1\ntoken: "+fakeGitHub+"\n")
	jsonFindings(t, ExitClean, bl)

	// The value changes: reported again.
	r.Write("app.yaml", "name: app\ntoken: "+fakeGitHub2+"\n")
	fs := jsonFindings(t, ExitFindings, bl)
	if len(fs) != 1 || fs[0].File != "app.yaml" {
		t.Errorf("after a value change: %+v, want the app.yaml finding", fs)
	}

	// The old entry is now stale; --report-stale lists it as a warning.
	r.Write("app.yaml", "name: app\n")
	res = gcli(t, "scan", bl, "--report-stale")
	res.wantCode(t, ExitClean)
	if !hasNotice(res.stdout, "app.yaml", "baseline-stale") || hasNotice(res.stdout, "keys/aws.env", "baseline-stale") {
		t.Errorf("stale report:\n%s", res.stdout)
	}
	// A scan of another subtree cannot tell: no stale report there.
	res = gcli(t, "scan", bl, "--report-stale", "keys")
	res.wantCode(t, ExitClean)
	if strings.Contains(res.stdout, "stale") {
		t.Errorf("stale reported outside the scanned paths:\n%s", res.stdout)
	}

	// The baseline applies to staged scans too.
	r.Write("keys/aws.env", "# rotated soon\nAWS_ACCESS_KEY_ID="+fakeAWS+"\n")
	r.Git("add", "keys/aws.env")
	jsonFindings(t, ExitClean, "--staged", bl)
	r.Write("keys/copy.env", "AWS_ACCESS_KEY_ID="+fakeAWS+"\n") // a new path is a new fingerprint
	r.Git("add", "keys/copy.env")
	if fs := jsonFindings(t, ExitFindings, "--staged", bl); len(fs) != 1 || fs[0].File != "keys/copy.env" {
		t.Errorf("staged with baseline: %+v, want keys/copy.env only", fs)
	}

	// Another salt: an error that says what to do, not a flood of findings.
	t.Setenv("SECRETLINT_FINGERPRINT_SALT", "another-salt")
	res = gcli(t, "scan", bl)
	res.wantCode(t, ExitError)
	if !strings.Contains(res.stderr, "salt") {
		t.Errorf("salt mismatch message: %q", res.stderr)
	}
}

func TestGitleaksIgnoreFile(t *testing.T) {
	r := newRepo(t)
	r.Write("a.env", "X=1\nT="+fakeGitHub+"\n")
	leak := r.Commit("leak")
	r.Write(".gitleaksignore", "# accepted\na.env:github-pat:2\n")
	r.Commit("ignore")
	jsonFindings(t, ExitClean)
	jsonFindings(t, ExitFindings, "--gitleaksignore=false")
	// Commit-form entries apply to history findings of that commit.
	jsonFindings(t, ExitClean, "--git") // the global entry covers history too
	r.Write(".gitleaksignore", leak+":a.env:github-pat:2\n")
	jsonFindings(t, ExitClean, "--git")
	jsonFindings(t, ExitFindings) // a commit entry does not cover the tree
	r.Write(".gitleaksignore", "a.env:github-pat:2\nb.env:github-pat:9\n")
	res := gcli(t, "scan", "--report-stale")
	if !hasNotice(res.stdout, "b.env", "gitleaksignore-stale") || hasNotice(res.stdout, "a.env", "gitleaksignore-stale") {
		t.Errorf("stale .gitleaksignore report:\n%s", res.stdout)
	}
	r.Write(".gitleaksignore", "not an entry\n")
	gcli(t, "scan").wantCode(t, ExitError)
}

func TestRulesCommand(t *testing.T) {
	res := gcli(t, "rules")
	res.wantCode(t, ExitClean)
	for _, want := range []string{"ID", "SEVERITY", "SOURCE", "DESCRIPTION", "hardcoded-credential", "github-pat", "gitleaks", "secretlint"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("rules table lacks %q", want)
		}
	}
	res = gcli(t, "rules", "--format", "json", "github")
	res.wantCode(t, ExitClean)
	var rows []ruleInfo
	if err := json.Unmarshal([]byte(res.stdout), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 {
		t.Fatalf("json rows %d, want the github rules", len(rows))
	}
	for _, r := range rows {
		if !strings.Contains(r.ID, "github") || r.Severity == "" || r.Description == "" || r.Source == "" {
			t.Errorf("row %+v", r)
		}
	}
}

func TestExplainCommand(t *testing.T) {
	res := gcli(t, "explain", "hardcoded-credential")
	res.wantCode(t, ExitClean)
	for _, want := range []string{"hardcoded-credential: hardcoded credential", "Severity: high", "What it finds:", "Fix:", "secretlint:ignore hardcoded-credential", "baseline"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, res.stdout)
		}
	}
	res = gcli(t, "explain", "github-pat")
	if strings.Count(res.stdout, "Uncovered a GitHub Personal Access Token") != 1 {
		t.Errorf("gitleaks description should appear once:\n%s", res.stdout)
	}
	res = gcli(t, "explain", "github")
	res.wantCode(t, ExitError)
	if !strings.Contains(res.stderr, "did you mean") || !strings.Contains(res.stderr, "github-pat") {
		t.Errorf("suggestions: %q", res.stderr)
	}
}

func TestHelpListsCommands(t *testing.T) {
	res := gcli(t, "help")
	for _, c := range []string{"scan", "baseline", "install-hook", "rules", "explain"} {
		if !strings.Contains(res.stdout, "  "+c+" ") {
			t.Errorf("help lacks %s", c)
		}
	}
	res = gcli(t, "help", "scan")
	for _, fl := range []string{"-staged", "-git", "-since", "-log-opts", "-diff-base", "-baseline", "-report-stale", "-quiet", "-verbose", "-fail-on"} {
		if !strings.Contains(res.stdout, fl) {
			t.Errorf("scan help lacks %s", fl)
		}
	}
}

func TestVerboseQuiet(t *testing.T) {
	r := newRepo(t)
	r.Write("a.txt", "x\n")
	r.Git("add", "a.txt")
	res := gcli(t, "scan", "--staged", "--verbose")
	res.wantCode(t, ExitClean)
	if !strings.Contains(res.stderr, "staged scan of") || !strings.Contains(res.stderr, "1 files") {
		t.Errorf("verbose stderr %q", res.stderr)
	}
	res = gcli(t, "scan", "--staged", "--quiet", "--format", "json")
	if res.stderr != "" {
		t.Errorf("quiet printed on stderr: %q", res.stderr)
	}
	r.Write("b.env", "T="+fakeGitHub+"\n")
	r.Git("add", "b.env")
	res = gcli(t, "scan", "--staged", "--quiet")
	if res.stderr != "" || !strings.Contains(res.stdout, "github-pat") {
		t.Errorf("quiet with a finding: stdout %q stderr %q", res.stdout, res.stderr)
	}
}

func TestScanStagedFileSizeCap(t *testing.T) {
	r := newRepo(t)
	r.Write(".secretlint.yaml", "version: 1\nscan:\n  max-file-size: 1KiB\n")
	r.Write("big.env", strings.Repeat("# padding line\n", 100)+"T="+fakeGitHub+"\n")
	r.Git("add", "-A")
	res := gcli(t, "scan", "--staged")
	res.wantCode(t, ExitError)
	if !hasNotice(res.stdout, "big.env", "too-large") {
		t.Errorf("no too-large notice:\n%s", res.stdout)
	}
	// A cap above the default (10 MiB) reads the blob again with it.
	r.Write(".secretlint.yaml", "version: 1\nscan:\n  max-file-size: 20MiB\n")
	r.Write("big.env", strings.Repeat("# padding line\n", 11<<20/15)+"T="+fakeGitHub+"\n")
	r.Git("add", "-A")
	if fs := jsonFindings(t, ExitFindings, "--staged"); len(fs) != 1 || fs[0].File != "big.env" {
		t.Errorf("findings in an 11 MiB staged file under a 20 MiB cap: %+v", fs)
	}
}

func TestSplitArgs(t *testing.T) {
	cases := map[string][]string{
		"--since=2024-01-01 main":              {"--since=2024-01-01", "main"},
		`--author="Ada Lovelace"  --all`:       {"--author=Ada Lovelace", "--all"},
		`--grep 'fix secret' -- path`:          {"--grep", "fix secret", "--", "path"},
		`""`:                                   {""},
		"  ":                                   nil,
		`--format=x"y"z`:                       {"--format=xyz"},
		"a\tb\nc":                              {"a", "b", "c"},
		`--author='O"Brien' --committer="x'y"`: {`--author=O"Brien`, "--committer=x'y"},
	}
	for in, want := range cases {
		got, err := splitArgs(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := splitArgs(`--author="unterminated`); err == nil {
		t.Error("unterminated quote accepted")
	}
}

func TestScanStagedNothingStaged(t *testing.T) {
	r := newRepo(t)
	r.Write("a.txt", "x\n")
	r.Commit("c")
	r.Write(baseline.DefaultFile, `{"secretlint_baseline": 1, "entries": []}`)
	for _, args := range [][]string{{"scan", "--staged"}, {"scan", "--staged", "--baseline", baseline.DefaultFile}, {"scan", "--staged", "--verbose"}} {
		gcli(t, args...).wantCode(t, ExitClean)
	}
}
