package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/policy"
)

// recorder is a reverse proxy in front of the AWS emulator that records
// the Secrets Manager operation of every request (X-Amz-Target).
type recorder struct {
	mu  sync.Mutex
	ops []string
}

func (r *recorder) calls(op string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, o := range r.ops {
		if o == op {
			n++
		}
	}
	return n
}

func recordingProxy(t *testing.T, target string) (string, *recorder) {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.ops = append(rec.ops, r.Header.Get("X-Amz-Target"))
		rec.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, rec
}

// refsFindings decodes the json report into "rule file:line" lines.
func refsFindings(t *testing.T, out string) []string {
	t.Helper()
	var rep struct {
		Findings []struct {
			RuleID string `json:"rule_id"`
			File   string `json:"file"`
			Line   int    `json:"line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json report: %v\n%s", err, out)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d", f.RuleID, f.File, f.Line))
	}
	slices.Sort(got)
	return got
}

// expectedScopes returns, per dir scope, the secrets the plan's files
// and env maps reference.
func expectedScopes(p *remediate.Plan) map[string][]string {
	out := map[string][]string{}
	add := func(file, secret string) {
		d := path.Dir(file)
		if !slices.Contains(out[d], secret) {
			out[d] = append(out[d], secret)
		}
	}
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			add(pf.Path, e.Secret)
		}
	}
	for _, ef := range p.EnvFiles {
		for _, en := range ef.Entries {
			add(ef.Path, en.Secret)
		}
	}
	return out
}

func TestRefsKumo(t *testing.T) {
	url, _, sm := kumoEnv(t)
	proxy, rec := recordingProxy(t, url)
	root := copyFixture(t)
	const prefix = "refskumo"
	const kmsKey = "0b7a3c52-5d0e-4f3a-9d61-2f1c8e4b7a90"
	var outputs []string
	keep := func(code int, stdout, stderr string) (int, string, string) {
		outputs = append(outputs, stdout, stderr)
		return code, stdout, stderr
	}
	code, out, errOut := keep(cli(t, nil, "remediate", "-C", root, "--backend", "aws", "--refs", "vals", "--prefix", prefix, "--endpoint", url,
		"--kms-key-id", kmsKey, "--apply", "--yes", "--no-diff"))
	if code != 1 || !strings.Contains(out, remediate.PolicyDir) {
		t.Fatalf("apply exit %d (want 1: two findings are not rewritable), policies not listed:\n%s\n%s", code, out, errOut)
	}
	journals, _ := filepath.Glob(filepath.Join(root, remediate.JournalDir, "*.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("journals %v", journals)
	}
	p, err := remediate.PlanFromJournal(journals[0], remediate.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}

	// Every policy names exactly the ARNs kumo returned for the secrets
	// its scope references: no more, no fewer.
	want := expectedScopes(p)
	files, _ := filepath.Glob(filepath.Join(root, remediate.PolicyDir, p.ID, "*"))
	if len(files) != len(want) {
		t.Errorf("%d policy files, want one per scope %v", len(files), slices.Sorted(maps.Keys(want)))
	}
	for _, f := range files {
		kind, scope, backend, ok := policy.ParseFileName(filepath.Base(f))
		if !ok || kind != policy.ScopeDir || backend != "aws" {
			t.Errorf("policy file %s", f)
			continue
		}
		b, _ := os.ReadFile(f)
		outputs = append(outputs, string(b))
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		var doc policy.Document
		if err := dec.Decode(&doc); err != nil || doc.Version != "2012-10-17" || len(doc.Statement) != 2 {
			t.Fatalf("%s is not the expected policy document (%v):\n%s", f, err, b)
		}
		var arns []string
		for _, name := range want[scope] {
			d, err := sm.DescribeSecret(t.Context(), &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
			if err != nil {
				t.Fatal(err)
			}
			arns = append(arns, aws.ToString(d.ARN))
		}
		slices.Sort(arns)
		read := doc.Statement[0]
		if read.Effect != "Allow" || !slices.Equal(read.Resource, arns) || !slices.Equal(read.Action, []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}) {
			t.Errorf("%s: %+v, want exactly %v", scope, read, arns)
		}
		kms := doc.Statement[1]
		if !slices.Equal(kms.Action, []string{"kms:Decrypt"}) || kms.Resource[0] != "arn:aws:kms:us-east-1:000000000000:key/"+kmsKey ||
			kms.Condition["StringEquals"]["kms:ViaService"] != "secretsmanager.us-east-1.amazonaws.com" {
			t.Errorf("%s: kms statement %+v", scope, kms)
		}
	}

	// The audit trail of the move is in the secret's tags.
	d, err := sm.DescribeSecret(t.Context(), &secretsmanager.DescribeSecretInput{SecretId: aws.String(prefix + "/deploy/values")})
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]string{}
	for _, tg := range d.Tags {
		tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if tags["managed-by"] != "secretlint" || tags["secretlint-source"] != "deploy/values.yaml" || tags["secretlint-plan"] != p.ID ||
		tags["secretlint-rule"] != "hardcoded-credential" || !strings.HasPrefix(tags["secretlint-moved-at"], time.Now().UTC().Format("2006-01-02")) {
		t.Errorf("audit trail tags: %v", tags)
	}

	addConsumers(t, root, "    aws:\n      service: SecretsManager\n      region: us-east-1\n",
		"        key: "+prefix+"/deploy/values\n        property: database.pool.token\n", "ref+awssecrets://"+prefix+"/deploy/other#/migrations.password")

	refs := func(args ...string) (int, string, string) {
		t.Helper()
		return keep(cli(t, nil, append([]string{"refs", "-C", root, "--backend", "aws", "--prefix", prefix, "--endpoint", proxy, "--format", "json"}, args...)...))
	}
	// Right after apply: kumo never enables rotation, so every checked
	// reference is rotation-disabled, and nothing else is found.
	code, out, errOut = refs()
	got := refsFindings(t, out)
	if code != 1 || len(got) != 9 || slices.ContainsFunc(got, func(s string) bool { return !strings.HasPrefix(s, "rotation-disabled ") }) {
		t.Errorf("refs after apply: exit %d, %d findings, want 9 rotation-disabled:\n%s\n%s", code, len(got), strings.Join(got, "\n"), errOut)
	}
	code, out, _ = refs("--disable", "rotation-disabled")
	if got := refsFindings(t, out); code != 0 || len(got) != 0 {
		t.Errorf("refs --disable rotation-disabled after apply: exit %d, %v; want 0 findings", code, got)
	}
	if n := rec.calls("secretsmanager.GetSecretValue"); n != 0 {
		t.Errorf("refs without --check-keys made %d GetSecretValue calls", n)
	}
	if rec.calls("secretsmanager.DescribeSecret") == 0 || rec.calls("secretsmanager.ListSecrets") == 0 {
		t.Errorf("the recording proxy saw no DescribeSecret/ListSecrets: %v", rec.ops)
	}

	// Schedule one secret for deletion, delete another for good, rename a
	// key of a third.
	if _, err := sm.DeleteSecret(t.Context(), &secretsmanager.DeleteSecretInput{SecretId: aws.String(prefix + "/cfn/template"), RecoveryWindowInDays: aws.Int64(7)}); err != nil {
		t.Fatal(err)
	}
	if _, err := sm.DeleteSecret(t.Context(), &secretsmanager.DeleteSecretInput{SecretId: aws.String(prefix + "/dbt/jaffle_shop/dev"), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	renameKey(t, sm, prefix+"/deploy/values", "api.apiKey", "api.apiKey2")

	code, out, _ = refs("--disable", "rotation-disabled")
	got = refsFindings(t, out)
	wantFindings := []string{"dangling-reference dbt/secretlint.env.yaml:5", "secret-pending-deletion cfn/template.yaml:9"}
	if code != 1 || !slices.Equal(got, wantFindings) {
		t.Errorf("refs after the changes: exit %d\n%s\nwant\n%s", code, strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
	if n := rec.calls("secretsmanager.GetSecretValue"); n != 0 {
		t.Errorf("refs without --check-keys made %d GetSecretValue calls", n)
	}
	code, out, _ = refs("--disable", "rotation-disabled", "--check-keys")
	got = refsFindings(t, out)
	wantFindings = []string{"dangling-reference dbt/secretlint.env.yaml:5", "dangling-reference deploy/values.yaml:9", "secret-pending-deletion cfn/template.yaml:9"}
	if code != 1 || !slices.Equal(got, wantFindings) {
		t.Errorf("refs --check-keys: exit %d\n%s\nwant\n%s", code, strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
	if rec.calls("secretsmanager.GetSecretValue") == 0 {
		t.Errorf("--check-keys read nothing")
	}
	// Every report format, and --fail-on.
	for _, format := range []string{"text", "sarif", "github", "gitlab", "junit"} {
		code, _, errOut := keep(cli(t, nil, "refs", "-C", root, "--backend", "aws", "--prefix", prefix, "--endpoint", proxy, "--format", format, "--disable", "rotation-disabled"))
		if code != 1 {
			t.Errorf("--format %s: exit %d %s", format, code, errOut)
		}
	}
	if code, _, _ := keep(cli(t, nil, "refs", "-C", root, "--backend", "aws", "--prefix", prefix, "--endpoint", proxy, "--fail-on", "critical")); code != 0 {
		t.Errorf("--fail-on critical: exit %d, want 0", code)
	}
	// An unreachable store is exit 2, never clean.
	code, _, errOut = keep(cli(t, nil, "refs", "-C", root, "--backend", "aws", "--endpoint", "http://127.0.0.1:1"))
	if code != 2 || !strings.Contains(errOut, "cannot check the references") {
		t.Errorf("unreachable store: exit %d: %s", code, errOut)
	}

	// Rollback removes the run's policies.
	code, _, errOut = keep(cli(t, nil, "remediate", "-C", root, "--endpoint", url, "--rollback", journals[0]))
	if left, _ := filepath.Glob(filepath.Join(root, remediate.PolicyDir, "*", "*")); code != 1 || len(left) != 0 {
		// exit 1: the deleted secrets cannot give their values back.
		t.Errorf("rollback exit %d left policies %v: %s", code, left, errOut)
	}
	for i, o := range outputs {
		noPlantIn(t, fmt.Sprintf("output %d", i), o)
	}
}

// renameKey moves one key of an AWS secret to a new name (a new version).
// The values stay in this process.
func renameKey(t *testing.T, sm *secretsmanager.Client, name, from, to string) {
	t.Helper()
	out, err := sm.GetSecretValue(t.Context(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(aws.ToString(out.SecretString)), &m); err != nil {
		t.Fatal(err)
	}
	m[to] = m[from]
	delete(m, from)
	b, _ := json.Marshal(m)
	if _, err := sm.PutSecretValue(t.Context(), &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(string(b))}); err != nil {
		t.Fatal(err)
	}
}

// addConsumers adds two more consumers of moved secrets to a remediated
// tree: an External Secrets manifest with its store, and Go code reading
// through secretref.
func addConsumers(t *testing.T, root, storeSpec, esoKey, goRef string) {
	t.Helper()
	for p, c := range map[string]string{
		"k8s/external.yaml": "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: store\nspec:\n  provider:\n" + storeSpec +
			"---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\n  namespace: app\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: store\n  data:\n    - secretKey: token\n      remoteRef:\n" + esoKey,
		"cmd/app/refs.go": "package main\n\nimport \"github.com/secretlint-go/secretlint/secretref\"\n\nvar migrations = secretref.MustGet(" + fmt.Sprintf("%q", goRef) + ")\n",
	} {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExplainRefsRule(t *testing.T) {
	code, out, _ := cli(t, nil, "explain", "overbroad-policy")
	if code != 0 || !strings.Contains(out, "Reported by: secretlint refs") || !strings.Contains(out, "--disable overbroad-policy") {
		t.Errorf("explain overbroad-policy: exit %d\n%s", code, out)
	}
}
