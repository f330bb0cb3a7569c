package remediate_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/awssm"
	"github.com/secretlint-go/secretlint/remediate/vaultkv"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan"
)

// Child process modes of this test binary (see TestMain).
const (
	envChild   = "SECRETLINT_TEST_CHILD"
	envRoot    = "SECRETLINT_TEST_ROOT"
	envPlan    = "SECRETLINT_TEST_PLAN"
	envKumo    = "SECRETLINT_TEST_KUMO"
	envKillAt  = "SECRETLINT_TEST_KILL_AT"
	envJournal = "SECRETLINT_TEST_JOURNAL"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "hashenv":
		// Print name=sha256(value) for each variable named in the
		// arguments: proves the child saw the values without printing them.
		for _, name := range os.Args[1:] {
			v, ok := os.LookupEnv(name)
			sum := sha256.Sum256([]byte(v))
			fmt.Printf("%s=%t:%s\n", name, ok, hex.EncodeToString(sum[:]))
		}
		os.Exit(0)
	case "apply", "resume":
		os.Exit(childApply())
	}
	testenv.Main(m)
}

// kumoConfig is an AWS config for the kumo emulator at url.
func kumoConfig(url string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(testenv.FakeAccessKeyID(), "not-a-secret-emulator-key", ""),
		BaseEndpoint:     aws.String(url),
		RetryMaxAttempts: 1,
	}
}

// childApply applies (or resumes) a plan against kumo, killing itself with
// SIGKILL right after journal record number $SECRETLINT_TEST_KILL_AT.
func childApply() int {
	root, kumoURL := os.Getenv(envRoot), os.Getenv(envKumo)
	killAt, _ := strconv.Atoi(os.Getenv(envKillAt))
	st := awssm.NewFromConfig(kumoConfig(kumoURL), awssm.Options{})
	o := remediate.ApplyOptions{Root: root, Store: st, JournalPath: os.Getenv(envJournal), Backoff: time.Millisecond}
	o.AfterStep = func(n int, step string) {
		if n == killAt {
			if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err != nil {
				panic(err)
			}
			time.Sleep(time.Minute)
		}
	}
	var err error
	if os.Getenv(envChild) == "apply" {
		data, rerr := os.ReadFile(os.Getenv(envPlan))
		if rerr != nil {
			fmt.Fprintln(os.Stderr, rerr)
			return 2
		}
		p, perr := remediate.ReadPlan(data, "")
		if perr != nil {
			fmt.Fprintln(os.Stderr, perr)
			return 2
		}
		_, err = remediate.Apply(context.Background(), p, o)
	} else {
		_, err = remediate.Resume(context.Background(), o.JournalPath, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// kumoVersions counts the versions of a secret in kumo (its DescribeSecret
// lists every version).
func kumoVersions(t *testing.T, cfg aws.Config) func(string) int {
	api := secretsmanager.NewFromConfig(cfg)
	return func(name string) int {
		out, err := api.DescribeSecret(context.Background(), &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
		if err != nil {
			return 0
		}
		return len(out.VersionIdsToStages)
	}
}

// invariants checks a tree remediated (maybe partly) from the fixture with
// plan p against store st: nothing lost, every YAML file parses, no
// temporary file, at most one version per secret.
func invariants(t *testing.T, root string, p *remediate.Plan, st remediate.Store, versions func(string) int) {
	t.Helper()
	orig := snapshot(t, fixtureRepo)
	now := snapshot(t, root)
	for path, content := range now {
		if strings.Contains(path, remediate.TempMarker) {
			t.Errorf("temporary file left: %s", path)
		}
		if strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") {
			if _, err := remediate.ParseYAML([]byte(content)); err != nil {
				t.Errorf("HALF-WRITTEN: %s no longer parses", path)
			}
		}
	}
	for _, pf := range p.Files {
		cur := now[pf.Path]
		if h := remediate.SHA([]byte(cur)); h != pf.Before && h != pf.After {
			t.Errorf("HALF-WRITTEN: %s is neither the original nor the planned rewrite", pf.Path)
		}
		for _, e := range pf.Edits {
			value, _ := e.Spelling.Unspell(orig[pf.Path][e.Offset:e.EndOffset])
			if strings.Contains(cur, e.Spelling.Spell(value)) {
				continue
			}
			en, err := st.Read(context.Background(), e.Secret)
			if err != nil || en.Values[e.Key] != value {
				t.Errorf("LOST: %s:%d is neither in its file nor stored as %s#%s", pf.Path, e.Line, e.Secret, e.Key)
			}
		}
	}
	for _, s := range p.Secrets {
		if n := versions(s.Name); n > 1 {
			t.Errorf("DUPLICATE: %s has %d versions", s.Name, n)
		}
	}
}

// TestSIGKILLLoop kills the remediation process right after each journal
// record in turn, then resumes (every third time killing the resume too),
// and checks that no secret is lost, no file half-written and no version
// duplicated, and that the tree ends fully remediated.
func TestSIGKILLLoop(t *testing.T) {
	runID := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	kumoURL, cfg := testenv.AWS(t)
	versions := kumoVersions(t, cfg)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	run := func(mode, root, plan, journal string, killAt int) (killed bool) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"="+mode, envRoot+"="+root, envPlan+"="+plan, envKumo+"="+kumoURL,
			envJournal+"="+journal, envKillAt+"="+strconv.Itoa(killAt))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				return true
			}
		}
		if err != nil {
			t.Fatalf("%s child: %v: %s", mode, err, stderr.String())
		}
		return false
	}
	steps := 0
	for n := 1; ; n++ {
		root := copyTree(t, fixtureRepo)
		// The run's own prefix: names stay apart when the test runs again
		// in one process (go test -count=N), whatever state the emulator
		// keeps between its instances.
		naming, _ := remediate.NewNaming(fmt.Sprintf("kill%d-%s", n, runID), "", "")
		p, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: st, Naming: naming})
		if err != nil {
			t.Fatal(err)
		}
		planFile := filepath.Join(t.TempDir(), "plan.json")
		b, err := p.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(planFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		journal := filepath.Join(t.TempDir(), "journal.jsonl")
		if !run("apply", root, planFile, journal, n) {
			steps = n - 1
			invariants(t, root, p, st, versions)
			break
		}
		invariants(t, root, p, st, versions)
		if n%4 == 2 {
			// Instead of --resume, scan again and apply the new plan.
			p2, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: st, Naming: naming})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := remediate.Apply(t.Context(), p2, remediate.ApplyOptions{Root: root, Store: st, Backoff: time.Millisecond}); err != nil {
				t.Fatalf("rerun after kill at %d: %v", n, err)
			}
			nothingLost(t, root, st)
			// A value shared by two files is named after its first place.
			// A rescan after the first file was rewritten sees only the
			// other place and stores the value again under that file's
			// secret (a second version there); --resume does not. Any
			// other second version is a duplicate.
			elsewhere := map[string]string{} // value hash -> secret in p
			for _, s := range p.Secrets {
				for _, k := range s.Keys {
					elsewhere[k.ValueHash] = s.Name
				}
			}
			movedAgain := map[string]bool{}
			for _, s := range p2.Secrets {
				for _, k := range s.Keys {
					if n, ok := elsewhere[k.ValueHash]; ok && n != s.Name {
						movedAgain[s.Name] = true
					}
				}
			}
			for _, s := range append(p.Secrets, p2.Secrets...) {
				if v := versions(s.Name); v > 1 && (v != 2 || !movedAgain[s.Name]) {
					t.Errorf("DUPLICATE after rerun: %s has %d versions", s.Name, v)
				}
			}
			if left := scanTree(t, root); len(left) != len(p.Skipped) {
				t.Errorf("kill after record %d then rerun: %d findings remain, want %d", n, len(left), len(p.Skipped))
			}
			continue
		}
		if n%3 == 0 && run("resume", root, planFile, journal, n+2) {
			invariants(t, root, p, st, versions)
		}
		if run("resume", root, planFile, journal, 0) {
			t.Fatalf("resume killed without a kill point")
		}
		invariants(t, root, p, st, versions)
		for _, pf := range p.Files {
			c, _ := os.ReadFile(filepath.Join(root, pf.Path))
			if remediate.SHA(c) != pf.After {
				t.Errorf("kill after record %d: %s not fully rewritten after resume", n, pf.Path)
			}
		}
		if left := scanTree(t, root); len(left) != len(p.Skipped) {
			t.Errorf("kill after record %d: %d findings remain after resume, want %d", n, len(left), len(p.Skipped))
		}
		if t.Failed() {
			t.Fatalf("stopping after the failure at record %d", n)
		}
	}
	if steps < 20 {
		t.Errorf("a full run wrote only %d journal records; the loop killed too few places", steps)
	}
	t.Logf("killed after each of %d journal records, resumed, invariants held", steps)
}

// valsBinary finds the vals CLI: $SECRETLINT_VALS_BIN, .tools/bin/vals, or
// PATH. Without it the vals checks skip, unless SECRETLINT_REQUIRE_VALS=1.
func valsBinary(t *testing.T) string {
	t.Helper()
	for _, c := range []string{os.Getenv("SECRETLINT_VALS_BIN"), "../.tools/bin/vals"} {
		if c != "" {
			if _, err := os.Stat(c); err == nil {
				abs, _ := filepath.Abs(c)
				return abs
			}
		}
	}
	if p, err := exec.LookPath("vals"); err == nil {
		return p
	}
	msg := "no vals binary (install it with scripts/tools.sh vals, or go install github.com/helmfile/vals/cmd/vals@v0.46.1 into .tools/bin)"
	if os.Getenv("SECRETLINT_REQUIRE_VALS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// valsEval runs `vals eval -f file` and returns the parsed result.
func valsEval(t *testing.T, bin, file string, env []string) *yaml.Node {
	t.Helper()
	cmd := exec.Command(bin, "eval", "-f", file)
	cmd.Env = append(os.Environ(), env...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		// vals' errors name references, not values; still, show only the
		// redacted form.
		t.Fatalf("vals eval -f %s: %v: %s", filepath.Base(file), err, redactAll(stderr.String()))
	}
	var n yaml.Node
	if err := yaml.Unmarshal(out.Bytes(), &n); err != nil {
		t.Fatalf("vals output does not parse")
	}
	return &n
}

func redactAll(s string) string {
	for _, v := range plantedValues {
		s = strings.ReplaceAll(s, v, "<redacted>")
	}
	return s
}

// lookup returns the scalar at a dotted key path.
func lookup(n *yaml.Node, keyPath string) string {
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	for _, k := range strings.Split(keyPath, ".") {
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				n, found = n.Content[i+1], true
				break
			}
		}
		if !found {
			return ""
		}
	}
	return n.Value
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// endToEnd runs plan -> apply -> checks -> vals -> env resolution and a
// child that hashes its environment -> rollback against a real store.
func endToEnd(t *testing.T, scanTree func(testing.TB, string) []finding.Finding, st remediate.Store, versions func(string) int, valsEnv []string) {
	root := copyTree(t, fixtureRepo)
	orig := snapshot(t, root)
	p, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: st})
	if err != nil {
		t.Fatal(err)
	}
	if p.Empty() {
		t.Fatal("empty plan")
	}
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete {
		t.Fatalf("apply incomplete: %+v", rep.Files)
	}
	invariants(t, root, p, st, versions)
	if left := scanTree(t, root); len(left) != len(p.Skipped) {
		t.Errorf("rescan: %d findings, want the %d not rewritable", len(left), len(p.Skipped))
	}
	// Stored values equal the originals.
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			want, _ := e.Spelling.Unspell(orig[pf.Path][e.Offset:e.EndOffset])
			en, err := st.Read(t.Context(), e.Secret)
			if err != nil || en.Values[e.Key] != want {
				t.Errorf("%s#%s does not hold the value of %s:%d (%v)", e.Secret, e.Key, pf.Path, e.Line, err)
			}
		}
	}
	// A second plan is empty, and applying the finished journal again
	// creates no version.
	if p2, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: st}); err != nil || !p2.Empty() {
		t.Errorf("second plan not empty")
	}
	if _, err := remediate.Resume(t.Context(), rep.Journal, applyOpts(root, st)); err != nil {
		t.Fatal(err)
	}
	invariants(t, root, p, st, versions)

	// The env map resolves, and a child sees the values.
	envData, err := os.ReadFile(filepath.Join(root, "dbt", remediate.DefaultEnvFileName))
	if err != nil {
		t.Fatal(err)
	}
	refs, err := remediate.ParseEnvMap(envData)
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := remediate.ResolveEnv(t.Context(), refs, "secret", func(ctx context.Context, kind, where string) (remediate.Store, error) {
		return st, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"DBT_ENV_SECRET_JAFFLE_SHOP_DEV_PASSWORD":     "Db-Sf4hJ8kL2mN6pQ0",
		"DBT_ENV_SECRET_PASSPHRASE":                   "Db-Pp3wE5rT7yU9iO1",
		"DBT_ENV_SECRET_JAFFLE_SHOP_PROD_PRIVATE_KEY": "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIq7BFUpkGp3+XQmhF\n-----END ENCRYPTED PRIVATE KEY-----\n",
	}
	cmd := exec.Command(os.Args[0], slices.Sorted(func(yield func(string) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	})...)
	cmd.Env = append(os.Environ(), envChild+"=hashenv")
	for k, v := range resolved {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if !strings.Contains(string(out), k+"=true:"+hashOf(v)+"\n") {
			t.Errorf("the child did not see %s with the original value", k)
		}
	}

	// The real vals CLI resolves the references to the original values.
	t.Run("vals", func(t *testing.T) {
		bin := valsBinary(t)
		for file, keys := range map[string][]string{
			"deploy/values.yaml": {"database.password", "api.apiKey", "tls.private_key"},
			"deploy/other.yaml":  {"migrations.password"},
		} {
			n := valsEval(t, bin, filepath.Join(root, file), valsEnv)
			on, _ := remediate.ParseYAML([]byte(orig[file]))
			for _, k := range keys {
				if got, want := lookup(n, k), lookup(on[0], k); got == "" || hashOf(got) != hashOf(want) {
					t.Errorf("vals eval %s: %s does not resolve to the original value", file, k)
				}
			}
		}
		n := valsEval(t, bin, filepath.Join(root, "dbt", remediate.DefaultEnvFileName), valsEnv)
		for k, v := range want {
			if hashOf(lookup(n, k)) != hashOf(v) {
				t.Errorf("vals eval of the env map: %s does not resolve to the original value", k)
			}
		}
	})

	// Rollback restores every file byte for byte.
	rb, err := remediate.Rollback(t.Context(), rep.Journal, applyOpts(root, st))
	if err != nil || !rb.Complete {
		t.Fatalf("rollback: %v %+v", err, rb)
	}
	now := snapshot(t, root)
	if len(now) != len(orig) {
		t.Errorf("after rollback %d files, want %d", len(now), len(orig))
	}
	for path, c := range orig {
		if now[path] != c {
			t.Errorf("%s not restored byte for byte", path)
		}
	}
}

func TestEndToEndKumo(t *testing.T) {
	url, cfg := testenv.AWS(t)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	creds, _ := cfg.Credentials.Retrieve(t.Context())
	valsEnv := []string{
		"AWS_ENDPOINT_URL=" + url, "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=" + creds.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + creds.SecretAccessKey,
		"AWS_PROFILE=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
	t.Run("test-scanner", func(t *testing.T) { endToEnd(t, scanTree, st, kumoVersions(t, cfg), valsEnv) })
	t.Run("scanner", func(t *testing.T) { endToEnd(t, realScan, st, kumoVersions(t, cfg), valsEnv) })
}

// vaultVersions counts the versions of a secret in the KV v2 mount
// "secret".
func vaultVersions(st *vaultkv.Store) func(string) int {
	return func(name string) int {
		vs, err := st.Client().KVv2("secret").GetVersionsAsList(context.Background(), name)
		if err != nil {
			return 0
		}
		return len(vs)
	}
}

func TestEndToEndVault(t *testing.T) {
	addr, token := testenv.Vault(t)
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	versions := vaultVersions(st)
	env := []string{"VAULT_ADDR=" + addr, "VAULT_TOKEN=" + token, "VAULT_NAMESPACE="}
	t.Run("test-scanner", func(t *testing.T) { endToEnd(t, scanTree, st, versions, env) })
	t.Run("scanner", func(t *testing.T) { endToEnd(t, realScan, st, versions, env) })
}

var (
	valsRefRe = regexp.MustCompile(`ref\+awssecrets://([^#\s"']+)#/([A-Za-z0-9._-]+)`)
	cfnRefRe  = regexp.MustCompile(`\{\{resolve:secretsmanager:([^:]+):SecretString:([A-Za-z0-9._-]+)\}\}`)
)

// nothingLost checks that every value planted in the fixture is either
// still written in the tree or stored under a reference the tree holds.
func nothingLost(t *testing.T, root string, st remediate.Store) {
	t.Helper()
	reachable := map[string]bool{}
	for path, content := range snapshot(t, root) {
		if strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") {
			if _, err := remediate.ParseYAML([]byte(content)); err != nil {
				t.Errorf("HALF-WRITTEN: %s does not parse", path)
			}
		}
		for _, re := range []*regexp.Regexp{valsRefRe, cfnRefRe} {
			for _, m := range re.FindAllStringSubmatch(content, -1) {
				en, err := st.Read(context.Background(), m[1])
				if err != nil {
					t.Errorf("%s references %s, which does not resolve", path, m[1])
					continue
				}
				reachable[en.Values[m[2]]] = true
			}
		}
		for _, v := range plantedValues {
			if strings.Contains(content, v) {
				reachable[v] = true
			}
		}
	}
	orig := snapshot(t, fixtureRepo)
	for _, f := range scanTree(t, copyTree(t, fixtureRepo)) {
		v := f.Secret.Reveal()
		if !reachable[v] && !strings.Contains(orig[f.File], v) {
			continue // not a literal of the fixture (decoded base64)
		}
		if !reachable[v] {
			t.Errorf("LOST: the value of %s:%d is neither in the tree nor referenced", f.File, f.Line)
		}
	}
}

// realScan runs the scan package over root, with paths relative to it.
func realScan(t testing.TB, root string) []finding.Finding {
	t.Helper()
	cfg, err := rules.LoadConfig(root, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{root}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	var out []finding.Finding
	for _, f := range res.Findings {
		rel, err := filepath.Rel(root, filepath.FromSlash(f.File))
		if err != nil {
			t.Fatal(err)
		}
		f.File = filepath.ToSlash(rel)
		out = append(out, f)
	}
	return out
}
