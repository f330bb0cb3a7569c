package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/rules"
)

func TestMain(m *testing.M) {
	switch os.Getenv("SECRETLINT_TEST_CHILD") {
	case "main":
		// This binary as secretlint itself.
		os.Setenv("SECRETLINT_TEST_CHILD", os.Getenv("SECRETLINT_TEST_GRANDCHILD"))
		os.Args = append([]string{"secretlint"}, os.Args[1:]...)
		main()
	case "sigwait":
		// Wait for SIGTERM, say so, exit 42.
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("ready")
		<-c
		fmt.Println("got SIGTERM")
		os.Exit(42)
	case "selfkill":
		if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err != nil {
			panic(err)
		}
		select {}
	}
	if os.Getenv("SECRETLINT_TEST_CHILD") == "hashenv" {
		// A tiny program for exec tests: prints name=sha256(value) for
		// each variable named in its arguments, then exits with
		// $HASHENV_EXIT.
		for _, name := range os.Args[1:] {
			v, ok := os.LookupEnv(name)
			sum := sha256.Sum256([]byte(v))
			fmt.Printf("%s=%t:%s\n", name, ok, hex.EncodeToString(sum[:]))
		}
		code := 0
		if s := os.Getenv("HASHENV_EXIT"); s != "" {
			if _, err := fmt.Sscan(s, &code); err != nil {
				panic("HASHENV_EXIT: " + err.Error())
			}
		}
		os.Exit(code)
	}
	testenv.Main(m)
}

// plant is a secret written into the fixture, as the scan package would
// report it.
type plant struct {
	file, token, value, rule, keyPath string
	encoding                          string
	meta                              map[string]string
}

var plants = []plant{
	{file: "deploy/values.yaml", token: "Pw-7f3kq9XzL2mVb", rule: "hardcoded-credential", keyPath: "database.password"},
	{file: "deploy/values.yaml", token: `"Tk-q8Lm2vXk9zPw7Tr3"`, rule: "hardcoded-credential", keyPath: "database.pool.token"},
	{file: "deploy/values.yaml", token: `'Ak-Zt8kQ2vLm91xRk2v'`, rule: "hardcoded-credential", keyPath: "api.apiKey"},
	{file: "deploy/other.yaml", token: `"Pw-7f3kq9XzL2mVb"`, rule: "hardcoded-credential", keyPath: "migrations.password"},
	{file: "dbt/profiles.yml", token: "Db-Sf4hJ8kL2mN6pQ0", rule: "dbt-hardcoded-secret", keyPath: "jaffle_shop.outputs.dev.password",
		meta: map[string]string{"format": "dbt-profiles", "dbt.profile": "jaffle_shop", "dbt.target": "dev", "dbt.field": "password"}},
	{file: "dbt/profiles.yml", token: "Db-Pp3wE5rT7yU9iO1", rule: "dbt-env-var-default", keyPath: "jaffle_shop.outputs.prod.private_key_passphrase",
		meta: map[string]string{"format": "dbt-profiles", "dbt.profile": "jaffle_shop", "dbt.target": "prod", "dbt.field": "private_key_passphrase"}},
	{file: "cfn/template.yaml", token: "Cf-Rds9kQ2vLm7xZt4", rule: "hardcoded-credential", keyPath: "Resources.Database.Properties.MasterUserPassword",
		meta: map[string]string{"format": "cloudformation"}},
	{file: "cmd/app/main.go", token: `"AKIAZ7QXPLN3RT5VW2YB"`, value: "AKIAZ7QXPLN3RT5VW2YB", rule: "aws-access-token"},
	{file: "k8s/secret.yaml", token: "SzgtU2VjcmV0NHZYOXpMMm1WYg==", value: "K8-Secret4vX9zL2mVb", rule: "kubernetes-secret-data", keyPath: "data.password", encoding: "base64",
		meta: map[string]string{"format": "k8s"}},
}

func (p plant) val() string {
	if p.value != "" {
		return p.value
	}
	return strings.Trim(p.token, `"'`)
}

// specScan stands in for the scan package: it reports each plant wherever
// its token is still written.
func specScan(ctx context.Context, root string, paths []string, cfg *rules.Config) ([]finding.Finding, error) {
	var out []finding.Finding
	for _, p := range plants {
		content, err := os.ReadFile(filepath.Join(root, p.file))
		if err != nil {
			return nil, err
		}
		from := 0
		for {
			i := bytes.Index(content[from:], []byte(p.token))
			if i < 0 {
				break
			}
			off := from + i
			from = off + len(p.token)
			line := 1 + bytes.Count(content[:off], []byte("\n"))
			col := off - bytes.LastIndexByte(content[:off], '\n')
			s := finding.NewSecret(p.val())
			out = append(out, finding.Finding{
				RuleID: p.rule, File: p.file, Line: line, Column: col, Offset: off, EndOffset: off + len(p.token),
				KeyPath: p.keyPath, Secret: s, Encoding: p.encoding, Meta: p.meta,
				Fingerprint: finding.Fingerprint(cfg.Salt, p.rule, p.file, s),
			})
		}
	}
	return out, nil
}

func copyFixture(t *testing.T) string {
	t.Helper()
	src := "../../testdata/remediate/repo"
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			b, _ := os.ReadFile(p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if walkErr != nil {
		t.Fatal(walkErr)
	}
	return out
}

// cli runs one command line with the spec scanner and returns the exit
// code, stdout and stderr.
func cli(t *testing.T, getenv map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return cliWith(t, specScan, getenv, args...)
}

func cliWith(t *testing.T, scan scanFunc, getenv map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return getenv[k] }}
	var code int
	if args[0] == "remediate" {
		code = exitCode(e.stderr, runRemediate(t.Context(), e, args[1:], scan))
	} else {
		code = run(t.Context(), args, e)
	}
	return code, stdout.String(), stderr.String()
}

func noPlantIn(t *testing.T, what, out string) {
	t.Helper()
	for _, p := range plants {
		for _, s := range []string{p.val(), p.token} {
			if strings.Contains(out, s) {
				t.Errorf("%s holds the planted secret of %s (%s)", what, p.file, finding.Redact(s))
			}
		}
	}
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// cliEndToEnd drives the whole command line against a real store.
func cliEndToEnd(t *testing.T, scan scanFunc, backend string, storeArgs []string, getenv map[string]string) {
	root := copyFixture(t)
	// The plan-out and the apply job share a salt, which authenticates the
	// plan; journals are keyed by this machine's key, kept outside the tree.
	t.Setenv("SECRETLINT_FINGERPRINT_SALT", "cli-end-to-end-salt")
	getenv = maps.Clone(getenv)
	getenv["XDG_STATE_HOME"] = t.TempDir()
	cli := func(t *testing.T, getenv map[string]string, args ...string) (int, string, string) {
		t.Helper()
		return cliWith(t, scan, getenv, args...)
	}
	orig := tree(t, root)
	var outputs []string
	keep := func(code int, stdout, stderr string) (int, string, string) {
		outputs = append(outputs, stdout, stderr)
		return code, stdout, stderr
	}
	planFile := filepath.Join(t.TempDir(), "plan.json")

	// Dry run: exit 1, a plan file, a redacted diff, nothing written.
	code, out, errOut := keep(cli(t, getenv, append([]string{"remediate", "-C", root, "--backend", backend, "--refs", "vals", "--plan-out", planFile}, storeArgs...)...))
	if code != 1 {
		t.Fatalf("dry run exit %d, want 1: %s", code, errOut)
	}
	for _, want := range []string{"Dry run", "--- a/deploy/values.yaml", "+  password: ref+", remediate.Redacted, "the file is in no Go module", "Kubernetes Secret"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q", want)
		}
	}
	if backend == "vault" && !strings.Contains(out, "not Vault") {
		t.Errorf("vault dry run does not explain the CloudFormation template")
	}
	if backend == "aws" && !strings.Contains(out, "{{resolve:secretsmanager:secretlint/cfn/template:SecretString:") {
		t.Errorf("aws dry run lacks the CloudFormation dynamic reference")
	}
	if now := tree(t, root); !mapsEqual(now, orig) {
		t.Fatalf("the dry run changed the tree")
	}
	planData, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(planFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("plan file mode %v, want 0600 (%v)", fi.Mode().Perm(), err)
	}
	outputs = append(outputs, string(planData))

	// Apply the reviewed plan: exit 1 because some findings are not
	// rewritable, but every rewritable one is moved.
	code, out, errOut = keep(cli(t, getenv, append([]string{"remediate", "-C", root, "--plan-in", planFile, "--apply", "--yes"}, storeArgs...)...))
	if code != 1 || !strings.Contains(out, "Rotation checklist") {
		t.Fatalf("apply exit %d (want 1) or no checklist:\n%s\n%s", code, out, errOut)
	}
	findings, err := scan(t.Context(), root, nil, mustConfig(t, root))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		switch f.File {
		case "cmd/app/main.go", "k8s/secret.yaml", "config/app.yaml", ".github/workflows/ci.yml":
			continue
		}
		if backend != "vault" || f.File != "cfn/template.yaml" {
			t.Errorf("after apply %s:%d %s remains", f.File, f.Line, f.RuleID)
		}
	}
	journals, _ := filepath.Glob(filepath.Join(root, remediate.JournalDir, "*.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}
	after := tree(t, root)
	for path, content := range after {
		if strings.HasPrefix(path, ".secretlint/") || after[path] != orig[path] {
			outputs = append(outputs, content) // every file the tool wrote
		}
	}

	// exec: the child sees the values, exits with its own status.
	envFile := filepath.Join(root, "dbt", remediate.DefaultEnvFileName)
	t.Setenv("SECRETLINT_TEST_CHILD", "hashenv")
	t.Setenv("HASHENV_EXIT", "7")
	code, out, errOut = keep(cli(t, getenv, append(append([]string{"exec", "--env-file", envFile}, storeArgs...),
		"--", os.Args[0], "DBT_ENV_SECRET_JAFFLE_SHOP_DEV_PASSWORD", "DBT_ENV_SECRET_PASSPHRASE")...))
	if code != 7 {
		t.Errorf("exec exit %d, want the child's 7: %s", code, errOut)
	}
	for name, v := range map[string]string{"DBT_ENV_SECRET_JAFFLE_SHOP_DEV_PASSWORD": "Db-Sf4hJ8kL2mN6pQ0", "DBT_ENV_SECRET_PASSPHRASE": "Db-Pp3wE5rT7yU9iO1"} {
		if !strings.Contains(out, name+"=true:"+hashOf(v)) {
			t.Errorf("exec: the child did not see %s", name)
		}
	}
	t.Setenv("SECRETLINT_TEST_CHILD", "")

	// A second run finds nothing rewritable.
	code, out, _ = keep(cli(t, getenv, append([]string{"remediate", "-C", root, "--backend", backend, "--refs", "vals"}, storeArgs...)...))
	if strings.Contains(out, "Secrets to store") || code != 1 {
		t.Errorf("second dry run (exit %d) still plans work:\n%s", code, out)
	}

	// Rollback restores the tree byte for byte (the journal stays).
	code, out, errOut = keep(cli(t, getenv, append([]string{"remediate", "-C", root, "--rollback", journals[0]}, storeArgs...)...))
	if code != 0 {
		t.Fatalf("rollback exit %d: %s %s", code, out, errOut)
	}
	now := tree(t, root)
	for path, c := range orig {
		if now[path] != c {
			t.Errorf("%s not restored byte for byte", path)
		}
	}
	for path := range now {
		if _, ok := orig[path]; !ok && !strings.HasPrefix(path, ".secretlint/") {
			t.Errorf("rollback left %s", path)
		}
	}
	for i, o := range outputs {
		noPlantIn(t, fmt.Sprintf("output %d", i), o)
	}
	// The moved values are gone from the rewritten sources; only the
	// not-rewritable ones remain where they were.
	for path, content := range after {
		if content != orig[path] {
			noPlantIn(t, "rewritten "+path, content)
		}
	}
}

func mustConfig(t *testing.T, root string) *rules.Config {
	cfg, err := rules.LoadConfig(root, "")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRemediateCLIKumo(t *testing.T) {
	url, _, _ := kumoEnv(t)
	t.Run("spec", func(t *testing.T) { cliEndToEnd(t, specScan, "aws", []string{"--endpoint", url}, map[string]string{}) })
	t.Run("scanner", func(t *testing.T) {
		cliEndToEnd(t, defaultScan, "aws", []string{"--endpoint", url}, map[string]string{})
	})
}

func TestRemediateCLIVault(t *testing.T) {
	addr, token := testenv.Vault(t)
	getenv := map[string]string{"VAULT_ADDR": addr, "VAULT_TOKEN": token}
	t.Run("spec", func(t *testing.T) { cliEndToEnd(t, specScan, "vault", nil, getenv) })
	t.Run("scanner", func(t *testing.T) { cliEndToEnd(t, defaultScan, "vault", nil, getenv) })
}

func TestRemediateUsage(t *testing.T) {
	root := copyFixture(t)
	for name, args := range map[string][]string{
		"no backend":         {"remediate", "-C", root},
		"bad backend":        {"remediate", "-C", root, "--backend", "gcp"},
		"rollback and apply": {"remediate", "-C", root, "--rollback", "j.jsonl", "--apply"},
		"plan-in and paths":  {"remediate", "-C", root, "--plan-in", "p.json", "deploy"},
		"bad template":       {"remediate", "-C", root, "--backend", "aws", "--name-template", "{{.Nope}}"},
		"bad k8s store kind": {"remediate", "-C", root, "--backend", "aws", "--k8s-store-kind", "VaultStore"},
		"bad k8s store":      {"remediate", "-C", root, "--backend", "aws", "--k8s-store", "Not_A_Name"},
		"exec no command":    {"exec"},
		"exec no env map":    {"exec", "--env-file", filepath.Join(root, "missing.yaml"), "--", "true"},
	} {
		code, _, stderr := cli(t, nil, args...)
		if code != 2 || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q; want 2 and a message", name, code, stderr)
		}
	}
	// A clean tree: exit 0.
	clean := t.TempDir()
	writeFile(t, filepath.Join(clean, "a.yaml"), "a: b\n")
	savedPlants := plants
	plants = nil
	defer func() { plants = savedPlants }()
	if code, out, _ := cli(t, nil, "remediate", "-C", clean, "--backend", "vault"); code != 0 || !strings.Contains(out, "Nothing to remediate") {
		t.Errorf("clean tree: exit %d, %q", code, out)
	}
}

func TestExecRejectsValuesInEnvMap(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "env.yaml")
	writeFile(t, f, "DB_PASSWORD: hX9kq2Vr7pLmZ\n")
	code, stdout, stderr := cli(t, nil, "exec", "--env-file", f, "--", "true")
	if code != 2 || !strings.Contains(stderr, "not a ref+") || strings.Contains(stderr+stdout, "hX9kq2Vr7pLmZ") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestOnlyExclude(t *testing.T) {
	root := copyFixture(t)
	code, out, _ := cli(t, nil, "remediate", "-C", root, "--backend", "aws", "--refs", "vals", "--only", "deploy", "--exclude", "deploy/other.yaml", "--no-diff")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out, "dbt/profiles.yml:") || strings.Contains(out, "deploy/other.yaml:") || !strings.Contains(out, "deploy/values.yaml:6:") {
		t.Errorf("--only/--exclude not applied:\n%s", out)
	}
	if !strings.Contains(out, "findings left out by --only/--exclude") {
		t.Errorf("excluded findings not counted")
	}
}

// TestExecSignalsAndStatus runs secretlint exec as a process: a SIGTERM
// sent to it reaches the command, and its exit status is the command's
// (128+N when the command dies of signal N).
func TestExecSignalsAndStatus(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), "env.yaml")
	writeFile(t, envFile, "# no variables\n")
	start := func(grandchild string) (*exec.Cmd, *bufio.Reader) {
		cmd := exec.Command(os.Args[0], "exec", "--env-file", envFile, "--", os.Args[0])
		cmd.Env = append(os.Environ(), "SECRETLINT_TEST_CHILD=main", "SECRETLINT_TEST_GRANDCHILD="+grandchild)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, bufio.NewReader(out)
	}

	cmd, out := start("sigwait")
	line, err := out.ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child not ready: %q %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	line, _ = out.ReadString('\n')
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill() // the test fails either way
		t.Fatal("secretlint exec did not exit after its command did")
	}
	if line != "got SIGTERM\n" || cmd.ProcessState.ExitCode() != 42 {
		t.Errorf("forwarded SIGTERM: child said %q, exit %d (%v); want the child's 42", line, cmd.ProcessState.ExitCode(), err)
	}

	cmd, _ = start("selfkill")
	if err := cmd.Wait(); err == nil {
		t.Error("a command killed by SIGKILL: Wait returned no error")
	}
	if got := cmd.ProcessState.ExitCode(); got != 128+int(syscall.SIGKILL) {
		t.Errorf("command killed by SIGKILL: exit %d, want %d", got, 128+int(syscall.SIGKILL))
	}
}

// TestRemediateDBTDefaultUnprefixed: with the real scanner, a dbt secret
// read from a variable without the DBT_ENV_SECRET_ prefix and a literal
// default is also reported as dbt-env-var-not-secret over the whole value;
// remediate must move the default, not the Jinja text, and the variable
// must then resolve to the default's value.
func TestRemediateDBTDefaultUnprefixed(t *testing.T) {
	addr, token := testenv.Vault(t)
	getenv := map[string]string{"VAULT_ADDR": addr, "VAULT_TOKEN": token}
	root := t.TempDir()
	const def = "Pg8Pr3Pw6Zx1Qm5T"
	writeFile(t, filepath.Join(root, "profiles.yml"), "analytics:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n      host: db.internal\n      user: dbt\n"+
		"      password: \"{{ env_var('PG_PROD_PASSWORD', '"+def+"') }}\"\n      dbname: analytics\n      schema: prod\n")
	code, out, errOut := cliWith(t, defaultScan, getenv, "remediate", "-C", root, "--backend", "vault", "--prefix", "t-dbt-unprefixed", "--apply", "--yes")
	if code != 0 && code != 1 {
		t.Fatalf("apply exit %d: %s %s", code, out, errOut)
	}
	if strings.Contains(out+errOut, def) {
		t.Fatal("the default's value was printed")
	}
	got, err := os.ReadFile(filepath.Join(root, "profiles.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `password: "{{ env_var('PG_PROD_PASSWORD') }}"`) {
		t.Fatalf("profiles.yml after apply:\n%s", got)
	}
	envFile := filepath.Join(root, remediate.DefaultEnvFileName)
	t.Setenv("SECRETLINT_TEST_CHILD", "hashenv")
	code, out, errOut = cliWith(t, defaultScan, getenv, "exec", "--env-file", envFile, "--", os.Args[0], "PG_PROD_PASSWORD")
	t.Setenv("SECRETLINT_TEST_CHILD", "")
	if code != 0 || !strings.Contains(out, "PG_PROD_PASSWORD=true:"+hashOf(def)) {
		t.Errorf("exec exit %d: the child did not see the default's value as PG_PROD_PASSWORD (%s)", code, errOut)
	}
}
