package main

import (
	"bytes"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
)

// goPlants are the secrets of testdata/gorewrite/e2e, by the name the
// fixture program prints their hash under. The api token is stored with
// the "token " before it: the rewrite replaces the whole literal.
var goPlants = map[string]string{
	"db":        "Zq8vR3kLm9Tx2WpN7sYb",
	"api":       "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
	"stripe":    "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc0123456789",
	"signing":   "Hq3vN8xLr2Tz7WpK5mYc9Bd4",
	"bearer":    "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc0123456789",
	"basic":     "Vb7mQ2xKp9Lr4Tz8Wn3Y",
	"billingdb": "Rt6wK1pZs8Qm3Xv5Ln9H",
}

func goCmdIn(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, redactGoPlants(string(out)))
	}
	return string(out)
}

func redactGoPlants(s string) string {
	for _, v := range goPlants {
		s = strings.ReplaceAll(s, v, remediate.Redacted)
	}
	return s
}

// pathForm is how a test names the module to remediate: "." (run from
// the module), "subdir" (its directory relative to the working directory)
// or "abs" (its absolute path).
type pathForm string

// goEndToEnd moves the secrets of a Go module with several packages into
// a real store through the command line (`remediate --apply --yes PATH`
// as the README writes it, PATH in the form given), then checks that the
// module builds, vets and tests, that the program reads the right values
// from the store (by hash), that a rescan finds nothing, that no output
// holds a value, and that rollback restores every file, go.mod and go.sum
// included, byte for byte.
func goEndToEnd(t *testing.T, form pathForm, backend string, storeArgs []string, getenv map[string]string, runEnv []string) {
	repo := testenv.RepoRoot(t)
	root := filepath.Join(t.TempDir(), "e2eapp")
	if err := os.CopyFS(root, os.DirFS(filepath.Join(repo, "testdata", "gorewrite", "e2e"))); err != nil {
		t.Fatal(err)
	}
	// What a user of a development build runs first (remediate prints
	// the go get command).
	testenv.UseRuntime(t, root)
	goCmdIn(t, root, nil, "build", "./...")
	orig := tree(t, root)
	planted, err := defaultScan(t.Context(), root, nil, mustConfig(t, root))
	if err != nil {
		t.Fatal(err)
	}

	var target string
	switch form {
	case ".":
		t.Chdir(root)
		target = "."
	case "subdir":
		t.Chdir(filepath.Dir(root))
		target = filepath.Base(root)
	case "abs":
		t.Chdir(filepath.Dir(root))
		target = root
	}
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return getenv[k] }}
	code := run(t.Context(), append([]string{"remediate", "--backend", backend, "--apply", "--yes"}, append(storeArgs, target)...), e)
	outputs := []string{stdout.String(), stderr.String()}
	if code != 0 {
		t.Fatalf("remediate --apply exit %d:\n%s\n%s", code, redactGoPlants(stdout.String()), redactGoPlants(stderr.String()))
	}
	for _, want := range []string{"secretref (Go)", "Rotation checklist", "require the Go runtime modules"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("apply output lacks %q", want)
		}
	}

	// The rewritten module builds and vets, and the program reads the
	// values from the store.
	goCmdIn(t, root, nil, "build", "./...")
	goCmdIn(t, root, nil, "vet", "./...")
	goCmdIn(t, root, nil, "test", "./...")
	bin := filepath.Join(t.TempDir(), "app")
	goCmdIn(t, root, nil, "build", "-o", bin, "./cmd/app")
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), runEnv...)
	out, err := cmd.CombinedOutput()
	outputs = append(outputs, string(out))
	if err != nil {
		t.Fatalf("running the rewritten program: %v\n%s", err, redactGoPlants(string(out)))
	}
	for name, v := range goPlants {
		if !strings.Contains(string(out), name+"="+hashOf(v)+"\n") {
			t.Errorf("the rewritten program did not read %s from the store:\n%s", name, out)
		}
	}

	// Rescan: no Go finding left; the sources hold references only.
	findings, err := defaultScan(t.Context(), root, nil, mustConfig(t, root))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("after apply %s:%d %s remains", f.File, f.Line, f.RuleID)
	}
	t.Logf("%d Go findings planted, %d left after apply", len(planted), len(findings))
	if len(planted) < len(goPlants) {
		t.Errorf("%d findings planted, want at least %d", len(planted), len(goPlants))
	}
	after := tree(t, root)
	for path, content := range after {
		if content != orig[path] {
			outputs = append(outputs, content)
		}
	}
	for _, p := range []string{"api/api.go", "cmd/app/main.go", "internal/db/db.go", "billing/billing.go"} {
		if after[p] == orig[p] || !strings.Contains(after[p], "secretref.") {
			t.Errorf("%s was not rewritten to read from the store", p)
		}
		if testing.Verbose() {
			t.Logf("%s after the rewrite:\n%s", p, redactGoPlants(after[p]))
		}
	}

	// A second run plans nothing.
	stdout.Reset()
	stderr.Reset()
	if code := run(t.Context(), append([]string{"remediate", "--backend", backend}, append(storeArgs, target)...), e); code != 0 {
		t.Errorf("second dry run exit %d:\n%s", code, redactGoPlants(stdout.String()))
	}
	outputs = append(outputs, stdout.String(), stderr.String())

	// Rollback restores every file byte for byte, go.mod and go.sum
	// included.
	journals, _ := filepath.Glob(filepath.Join(remediate.JournalDir, "*.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}
	for _, j := range journals {
		b, _ := os.ReadFile(j)
		outputs = append(outputs, string(b))
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(t.Context(), append([]string{"remediate", "--rollback", journals[0]}, storeArgs...), e); code != 0 {
		t.Fatalf("rollback exit %d: %s", code, redactGoPlants(stderr.String()))
	}
	outputs = append(outputs, stdout.String(), stderr.String())
	now := tree(t, root)
	for path, c := range orig {
		if now[path] != c {
			t.Errorf("%s not restored byte for byte", path)
		}
	}
	goCmdIn(t, root, nil, "build", "./...")

	for i, o := range outputs {
		for name, v := range goPlants {
			if strings.Contains(o, v) {
				t.Errorf("output %d holds the %s secret", i, name)
			}
		}
	}
}

// kumoEnv starts a kumo emulator for t and sets, for t, the AWS
// environment the SDK reads (credentials, region; no profile, no endpoint:
// commands get --endpoint); it returns the emulator's URL, that
// environment and a client for the test's own calls.
func kumoEnv(t *testing.T) (string, map[string]string, *secretsmanager.Client) {
	url, cfg := testenv.AWS(t)
	creds, _ := cfg.Credentials.Retrieve(t.Context())
	env := map[string]string{
		"AWS_ACCESS_KEY_ID": creds.AccessKeyID, "AWS_SECRET_ACCESS_KEY": creds.SecretAccessKey, "AWS_REGION": "us-east-1",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull, "AWS_ENDPOINT_URL": "",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	return url, env, secretsmanager.NewFromConfig(cfg)
}

func TestRemediateGoKumo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	url, awsEnv, _ := kumoEnv(t)
	var runEnv []string
	for k, v := range awsEnv {
		runEnv = append(runEnv, k+"="+v)
	}
	runEnv = append(runEnv, "AWS_ENDPOINT_URL="+url)
	for _, form := range []pathForm{".", "abs"} {
		t.Run(string(form), func(t *testing.T) {
			goEndToEnd(t, form, "aws", []string{"--endpoint", url}, map[string]string{}, runEnv)
		})
	}
}

func TestRemediateGoVault(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	addr, token := testenv.Vault(t)
	goEndToEnd(t, "subdir", "vault", nil, map[string]string{"VAULT_ADDR": addr, "VAULT_TOKEN": token},
		[]string{"VAULT_ADDR=" + addr, "VAULT_TOKEN=" + token, "HOME=" + t.TempDir()})
}

// TestRemediateGoDegrades runs remediate, built from source (a development
// build), on a Go module that does not require the runtime yet: the dry
// run lists the Go sites as not rewritable with the go get to run, still
// plans the YAML file, and neither touches go.mod nor reaches the network
// (GOPROXY=off would fail any download); the apply moves the YAML secret
// and leaves the Go files and go.mod alone.
func TestRemediateGoDegrades(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a module")
	}
	root := filepath.Join(t.TempDir(), "e2eapp")
	if err := os.CopyFS(root, os.DirFS(filepath.Join(testenv.RepoRoot(t), "testdata", "gorewrite", "e2e"))); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOWORK", "off")
	t.Setenv("GOPROXY", "off")
	yamlSecret := "Yw4" + hashOf(t.Name())[:21]
	if err := os.WriteFile(filepath.Join(root, "config.yaml"), []byte("db:\n  password: "+yamlSecret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := tree(t, root)
	t.Chdir(root)
	url, _, _ := kumoEnv(t)
	// config.yaml is read by no known program: --refs vals moves it.
	store := []string{"--backend", "aws", "--endpoint", url, "--refs", "vals"}
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := run(t.Context(), append([]string{"remediate"}, append(store, ".")...), e)
	stdout, stderr := out.String(), errOut.String()
	if code != 1 {
		t.Fatalf("dry run exit %d, want 1 (findings remain):\n%s\n%s", code, redactGoPlants(stdout), redactGoPlants(stderr))
	}
	want := "runtime module not resolvable (this secretlint is a development build, which does not know the runtime version that matches it): run `go get github.com/secretlint-go/secretlint/secretref@"
	if n := strings.Count(stdout, want); n < len(goPlants) {
		t.Errorf("%d Go sites name the go get to run, want %d:\n%s", n, len(goPlants), redactGoPlants(stdout))
	}
	if !strings.Contains(stdout, "config.yaml:2:") {
		t.Errorf("the YAML file is not planned:\n%s", redactGoPlants(stdout))
	}
	if now := tree(t, root); now["go.mod"] != orig["go.mod"] || now["go.sum"] != orig["go.sum"] || len(now) != len(orig) {
		t.Errorf("the dry run changed the module")
	}

	// Apply: the YAML secret moves, the Go files and go.mod stay.
	out.Reset()
	errOut.Reset()
	code = run(t.Context(), append([]string{"remediate", "--apply", "--yes"}, append(store, ".")...), e)
	if code != 1 {
		t.Fatalf("apply exit %d, want 1 (the Go findings remain):\n%s\n%s", code, redactGoPlants(out.String()), redactGoPlants(errOut.String()))
	}
	now := tree(t, root)
	if strings.Contains(now["config.yaml"], yamlSecret) {
		t.Errorf("the YAML secret was not moved")
	}
	for p, c := range orig {
		if p != "config.yaml" && now[p] != c {
			t.Errorf("%s changed", p)
		}
	}
	for _, o := range []string{stdout, stderr, out.String(), errOut.String()} {
		if strings.Contains(o, yamlSecret) || redactGoPlants(o) != o {
			t.Errorf("an output holds a value")
		}
	}
}
