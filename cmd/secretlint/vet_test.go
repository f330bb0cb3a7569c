package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/scan"
)

// fixtureSecrets returns the secret-like parts of every string literal of
// the fixture module: runs of 8 or more credential characters with a digit
// or mixed case.
func fixtureSecrets(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir("testdata/vetmod", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			v, _ := strconv.Unquote(lit.Value)
			for _, tok := range strings.FieldsFunc(v, func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-+/=.#!&%$", r)
			}) {
				if len(tok) >= 8 && strings.IndexFunc(tok, unicode.IsDigit) >= 0 {
					out = append(out, tok)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 4 {
		t.Fatalf("found %d fixture secrets; the fixture changed", len(out))
	}
	return out
}

// checkNoSecrets fails when output holds one of secrets.
func checkNoSecrets(t *testing.T, secrets []string, what, output string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(output, s) {
			t.Errorf("%s contains a value of the fixture's literals", what)
		}
	}
}

// The fixture module's expected diagnostics, in the go vet and secretlint
// vet text form.
var vetmodWant = []string{
	"app/app.go:11:22: github pat in string literal assigned to githubToken (github-pat)",
	"app/app.go:13:19: hardcoded credential in string literal assigned to dbPassword (hardcoded-credential)",
	"app/app.go:16:9: literal password reaches (*net/http.Request).SetBasicAuth via pw (credential-sink)",
	"app/app.go:18:39: literal password in url reaches database/sql.Open (url-credentials)",
}

// quietWant is reported once quiet/.secretlint.yaml stops disabling
// hardcoded-credential.
const quietWant = "quiet/quiet.go:5:22: hardcoded credential in string literal assigned to adminPassword (hardcoded-credential)"

// copyVetFixture copies testdata/vetmod to a temporary directory, so tests
// can edit its configuration.
func copyVetFixture(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vetmod")
	if err := os.CopyFS(dir, os.DirFS("testdata/vetmod")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// diagLines extracts file:line:col: lines from go vet's output.
func diagLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "./")
		if strings.Contains(l, ".go:") && strings.HasSuffix(l, ")") {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

func goCommand(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local")
	return cmd
}

// TestGoVetVettool builds secretlint and runs go vet -vettool with it on
// the fixture module: the protocol (-V=full, -flags, vet.cfg), the
// diagnostics, the exit status, the per-package configuration, and the
// invalidation of go vet's result cache when a configuration changes.
func TestGoVetVettool(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "secretlint")
	if out, err := goCommand(t, ".", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := copyVetFixture(t)
	secrets := fixtureSecrets(t)

	vet := func() ([]string, int) {
		t.Helper()
		var out bytes.Buffer
		cmd := goCommand(t, mod, "vet", "-vettool="+bin, "./...")
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("go vet: %v", err)
		}
		if strings.Contains(out.String(), "unknown command") || strings.Contains(out.String(), "panic") {
			t.Fatalf("go vet output shows a protocol failure:\n%s", out.String())
		}
		checkNoSecrets(t, secrets, "go vet's output", out.String())
		return diagLines(out.String()), code
	}

	got, code := vet()
	if code != 1 {
		t.Errorf("go vet exit status = %d, want 1", code)
	}
	if !slices.Equal(got, vetmodWant) {
		t.Errorf("go vet diagnostics:\n got %q\nwant %q", got, vetmodWant)
	}

	// Enabling the rule in quiet/ must not replay go vet's cached result.
	if err := os.WriteFile(filepath.Join(mod, "quiet", ".secretlint.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, code = vet()
	want := slices.Sorted(slices.Values(append(slices.Clone(vetmodWant), quietWant)))
	if code != 1 || !slices.Equal(got, want) {
		t.Errorf("after editing quiet/.secretlint.yaml: exit %d, diagnostics\n got %q\nwant %q", code, got, want)
	}

	// -flags describes the analyzers' flags as JSON, as unitchecker does.
	out, err := exec.Command(bin, "-flags").Output()
	if err != nil {
		t.Fatalf("secretlint -flags: %v", err)
	}
	var flags []struct{ Name string }
	if err := json.Unmarshal(out, &flags); err != nil {
		t.Fatalf("secretlint -flags is not JSON: %v", err)
	}
	var names []string
	for _, f := range flags {
		names = append(names, f.Name)
	}
	for _, n := range []string{"secretliteral", "secretsink"} {
		if !slices.Contains(names, n) {
			t.Errorf("secretlint -flags lacks %q: %q", n, names)
		}
	}

	// A module named example.com/test is not test code as a whole: only
	// its test support packages below the module path are.
	tm := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":                       "module example.com/test\n\ngo 1.26\n",
		"app.go":                       "package app\n\nconst dbPassword = \"Tr0ub4dor&3-x9\"\n",
		"internal/testutil/fixture.go": "package testutil\n\nconst FixturePassword = \"Tr0ub4dor&3-x9\"\n",
	} {
		writeFile(t, filepath.Join(tm, name), src)
	}
	var tout bytes.Buffer
	cmd := goCommand(t, tm, "vet", "-vettool="+bin, "./...")
	cmd.Stdout, cmd.Stderr = &tout, &tout
	_ = cmd.Run() // exit status 1: findings
	if got := diagLines(tout.String()); len(got) != 1 || !strings.HasPrefix(got[0], "app.go:3:") {
		t.Errorf("module example.com/test: diagnostics %q, want app.go:3 only (internal/testutil is test support)", got)
	}

	// A function summary crosses a module boundary: go vet runs the tool
	// on the dependency only for its facts (analyzers.FactsOnly), and a
	// literal passed to the dependency's wrapper is reported in the app.
	deps := t.TempDir()
	token := fakesecret.GitHubPAT()
	for name, src := range map[string]string{
		"dep/go.mod":       "module example.com/dep\n\ngo 1.26\n",
		"dep/auth/auth.go": "package auth\n\nimport \"net/http\"\n\nfunc Bearer(req *http.Request, token string) {\n\treq.Header.Set(\"Authorization\", \"Bearer \"+token)\n}\n",
		"app/go.mod":       "module example.com/app\n\ngo 1.26\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n",
		"app/main.go":      "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/dep/auth\"\n)\n\nfunc main() {\n\treq, _ := http.NewRequest(\"GET\", \"https://example.com\", nil)\n\tauth.Bearer(req, \"" + token + "\")\n}\n",
	} {
		writeFile(t, filepath.Join(deps, name), src)
	}
	var dout bytes.Buffer
	cmd = goCommand(t, filepath.Join(deps, "app"), "vet", "-vettool="+bin, "./...")
	cmd.Stdout, cmd.Stderr = &dout, &dout
	_ = cmd.Run() // exit status 1: findings
	checkNoSecrets(t, []string{token}, "go vet's output", dout.String())
	if got := diagLines(dout.String()); len(got) != 1 || !strings.HasPrefix(got[0], "main.go:11:") || !strings.Contains(got[0], "passed to example.com/dep/auth.Bearer as token") {
		t.Errorf("a literal passed to a dependency's wrapper: diagnostics %q, want one at main.go:11 passed to example.com/dep/auth.Bearer\n%s", got, dout.String())
	}

	// Files a build excludes: an integration-tagged test next to in-package
	// tests (go vet then runs p [p.test] instead of p), a directory whose
	// every file is tagged, and a //go:build ignore tool. Each is reported
	// once.
	ex := t.TempDir()
	tagged := func(tag, pkg string) string {
		return "//go:build " + tag + "\n\npackage " + pkg + "\n\nconst tok = \"" + fakesecret.GitHubPAT() + "\"\n"
	}
	for name, src := range map[string]string{
		"go.mod":                          "module example.com/ex\n\ngo 1.26\n",
		"pay/pay.go":                      "package pay\n",
		"pay/pay_test.go":                 "package pay\n\nimport \"testing\"\n\nfunc TestPay(t *testing.T) {}\n",
		"pay/x_test.go":                   "package pay_test\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
		"pay/staging_integration_test.go": tagged("integration", "pay"),
		"internal/e2e/suite.go":           tagged("e2e", "e2e"),
		"tools/gen.go":                    tagged("ignore", "main"),
	} {
		writeFile(t, filepath.Join(ex, name), src)
	}
	var eout bytes.Buffer
	cmd = goCommand(t, ex, "vet", "-vettool="+bin, "./...")
	cmd.Stdout, cmd.Stderr = &eout, &eout
	_ = cmd.Run() // exit status 1: findings
	var excluded []string
	for _, l := range strings.Split(eout.String(), "\n") {
		if strings.Contains(l, ".go:") && strings.Contains(l, "this build excludes") {
			excluded = append(excluded, strings.TrimPrefix(l[:strings.Index(l, ".go:")+3], "./"))
		}
	}
	slices.Sort(excluded)
	if want := []string{"internal/e2e/suite.go", "pay/staging_integration_test.go", "tools/gen.go"}; !slices.Equal(excluded, want) {
		t.Errorf("excluded files reported %q, want each of %q once\n%s", excluded, want, eout.String())
	}

	checkParity(t, bin)
}

// checkParity runs go vet -vettool=bin and scan on a module whose
// secrets cross functions and packages (a constant of another package at
// a sink and in a secret-named field, literal function results in the
// package and from another, a login pair, a session token) and requires the same secrets under the same
// rule ids at the same columns.
func checkParity(t *testing.T, bin string) {
	t.Helper()
	dir := t.TempDir()
	fb, pw, res := fakesecret.Password(14)+"!x9", fakesecret.Password(14)+"#q7", fakesecret.Password(14)+"-r5"
	tok := fakesecret.AWSSessionToken()
	up, mp := fakesecret.MixedPassword(20), fakesecret.Password(12)+"!k4"
	for name, src := range map[string]string{
		"go.mod":           "module example.com/par\n\ngo 1.26\n",
		"config/config.go": "package config\n\n// RegistryFallback is used when no registry is configured.\nconst RegistryFallback = \"" + fb + "\"\n\nconst DBPassword = \"" + pw + "\"\n\nconst Banner = \"" + res + "\"\n",
		"store/store.go": "package store\n\nimport \"net/http\"\n\n// Fallback returns the factory login.\nfunc Fallback() (string, string) {\n\treturn \"admin\", \"Adm!n-" + pw[:8] + "-1\"\n}\n\n" +
			"func registryPass() string { return \"" + res + "\" }\n\nfunc label() string { return \"" + fb + "\" }\n\n" +
			"// Auth authenticates.\nfunc Auth(req *http.Request) {\n\treq.SetBasicAuth(\"r\", registryPass())\n\treq.Header.Set(\"User-Agent\", label())\n}\n\nconst note = \"" + tok + "\"\n\n" +
			"// Upstream returns the upstream login's password.\nfunc Upstream() string { return \"" + up + "\" }\n\n" +
			"// Mirror returns the mirror's login.\nfunc Mirror() (user, p string) { return \"mirror\", \"" + mp + "\" }\n",
		"client/client.go": "package client\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\n\t\"example.com/par/config\"\n\t\"example.com/par/store\"\n)\n\ntype Login struct{ User, Password string }\n\n" +
			"// Auth authenticates.\nfunc Auth(req *http.Request) {\n\treq.SetBasicAuth(\"registry\", config.RegistryFallback)\n\treq.SetBasicAuth(\"db\", config.DBPassword)\n\tlog.Println(config.Banner)\n" +
			"\treq.SetBasicAuth(\"up\", store.Upstream())\n\tu, p := store.Mirror()\n\treq.SetBasicAuth(u, p)\n}\n\n" +
			"// L is the service login.\nvar L = Login{User: \"svc\", Password: config.RegistryFallback}\n",
	} {
		writeFile(t, filepath.Join(dir, name), src)
	}
	var out bytes.Buffer
	cmd := goCommand(t, dir, "vet", "-vettool="+bin, "./...")
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // exit status 1: findings
	var vet []string
	for _, l := range diagLines(out.String()) {
		pos, _, _ := strings.Cut(l, ": ")
		rule := l[strings.LastIndex(l, "(")+1 : len(l)-1]
		vet = append(vet, pos+" "+rule)
	}
	r, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	var sc []string
	for _, f := range r.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		sc = append(sc, fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), f.Line, f.Column, f.RuleID))
	}
	slices.Sort(sc)
	if len(vet) != 8 || !slices.Equal(vet, sc) {
		t.Errorf("go vet and scan disagree (want the same 8 findings):\n vet  %q\n scan %q\n%s", vet, sc, out.String())
	}
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, getenv: func(string) string { return "" }})
	return o.String(), e.String(), code
}

func TestVetCommand(t *testing.T) {
	mod := copyVetFixture(t)
	secrets := fixtureSecrets(t)
	t.Chdir(mod)

	t.Run("text", func(t *testing.T) {
		out, errOut, code := runCLI(t, "vet", "./...")
		checkNoSecrets(t, secrets, "secretlint vet's output", out+errOut)
		if code != ExitFindings {
			t.Errorf("exit code = %d, want %d; stderr: %s", code, ExitFindings, errOut)
		}
		got := strings.Split(strings.TrimSpace(out), "\n")
		if !slices.Equal(got, vetmodWant) {
			t.Errorf("secretlint vet:\n got %q\nwant %q", got, vetmodWant)
		}
	})
	t.Run("json", func(t *testing.T) {
		out, errOut, code := runCLI(t, "vet", "-format", "json", "./app")
		checkNoSecrets(t, secrets, "secretlint vet -format json's output", out+errOut)
		if code != ExitFindings {
			t.Errorf("exit code = %d, want %d", code, ExitFindings)
		}
		var diags []vetDiagnostic
		if err := json.Unmarshal([]byte(out), &diags); err != nil {
			t.Fatalf("output is not JSON: %v", err)
		}
		if len(diags) != len(vetmodWant) {
			t.Fatalf("got %d diagnostics, want %d", len(diags), len(vetmodWant))
		}
		d := diags[0]
		if d.File != "app/app.go" || d.Line != 11 || d.Rule != "github-pat" || d.Severity != "critical" || d.Analyzer != "secretliteral" {
			t.Errorf("first diagnostic = %+v", d)
		}
	})
	t.Run("clean", func(t *testing.T) {
		out, errOut, code := runCLI(t, "vet", "./quiet")
		if code != ExitClean || out != "" {
			t.Errorf("exit code = %d, stdout %q, stderr %q; want 0 and no output", code, out, errOut)
		}
	})
	t.Run("bad format", func(t *testing.T) {
		_, errOut, code := runCLI(t, "vet", "-format", "xml", "./...")
		if code != ExitError || !strings.Contains(errOut, "unknown -format") {
			t.Errorf("exit code = %d, stderr %q; want 2 and a usage error", code, errOut)
		}
	})
	t.Run("no such package", func(t *testing.T) {
		_, errOut, code := runCLI(t, "vet", "./nosuchdir")
		if code != ExitError || errOut == "" {
			t.Errorf("exit code = %d, stderr %q; want 2 and an error", code, errOut)
		}
	})
	t.Run("bad config", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.yaml")
		if err := os.WriteFile(bad, []byte("rules:\n  disable: [no-such-rule]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, errOut, code := runCLI(t, "vet", "-config", bad, "./...")
		if code != ExitError || !strings.Contains(errOut, "bad.yaml:2") {
			t.Errorf("exit code = %d, stderr %q; want 2 and the file and line", code, errOut)
		}
	})
}

func TestVetInvocation(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"/tmp/b001/vet.cfg"}, true},
		{[]string{"-json", "-secretsink=false", "/tmp/b001/vet.cfg"}, true},
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"vet", "./..."}, false},
		{[]string{"version"}, false},
		{[]string{"-V=full", "x"}, false},
		{nil, false},
	} {
		if got := vetInvocation(tc.args); got != tc.want {
			t.Errorf("vetInvocation(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
