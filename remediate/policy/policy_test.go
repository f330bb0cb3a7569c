package policy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
	"github.com/secretlint-go/secretlint/remediate/policy"
)

func TestFileNameRoundTrip(t *testing.T) {
	for _, c := range []struct{ kind, scope, backend string }{
		{policy.ScopeDir, ".", "aws"}, {policy.ScopeDir, "deploy/prod", "vault"}, {policy.ScopeFile, "a b/c-d.yaml", "aws"}, {policy.ScopeRun, "", "vault"},
	} {
		name := policy.FileName(c.kind, c.scope, c.backend)
		if strings.Contains(name, "/") {
			t.Errorf("%q has a slash", name)
		}
		k, s, b, ok := policy.ParseFileName(name)
		if !ok || k != c.kind || s != c.scope || b != c.backend {
			t.Errorf("%q parsed as %q %q %q %t, want %v", name, k, s, b, ok, c)
		}
	}
	for _, bad := range []string{"x.json", "dir-.iam.json", "other-x.iam.json", "dir-%zz.vault.hcl"} {
		if _, _, _, ok := policy.ParseFileName(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

// plan builds a plan and a report in which deploy/a.yaml and deploy/b.yaml
// reference s1 and s2, dbt/profiles.yml (through its env map) s3, and s4
// failed to store.
func plan() (*remediate.Plan, *remediate.Report) {
	p := &remediate.Plan{ID: "0123456789abcdef", Files: []*remediate.PlanFile{
		{Path: "deploy/a.yaml", Edits: []*remediate.Edit{{Secret: "app/s1", Key: "k"}, {Secret: "app/s4", Key: "k"}}},
		{Path: "deploy/b.yaml", Edits: []*remediate.Edit{{Secret: "app/s2", Key: "k"}}},
		{Path: "dbt/profiles.yml", Edits: []*remediate.Edit{{Secret: "app/s3", Key: "k", EnvVar: "X"}}},
	}, EnvFiles: []*remediate.PlanEnvFile{{Path: "dbt/secretlint.env.yaml", Entries: []*remediate.EnvEntry{{Var: "X", Secret: "app/s3", Key: "k"}}}}}
	rep := &remediate.Report{
		Secrets: []*remediate.SecretReport{
			{Name: "app/s1", Written: []string{"k"}}, {Name: "app/s2", Present: []string{"k"}}, {Name: "app/s3", Written: []string{"k"}},
			{Name: "app/s4", Skipped: map[string]string{"k": "conflict"}},
		},
		Files: []*remediate.FileReport{
			{Path: "deploy/a.yaml", Status: remediate.FilePartial}, {Path: "deploy/b.yaml", Status: remediate.FileRewritten},
			{Path: "dbt/profiles.yml", Status: remediate.FileRewritten},
		},
		EnvFiles: []*remediate.FileReport{{Path: "dbt/secretlint.env.yaml", Status: remediate.FileRewritten}},
	}
	return p, rep
}

func seed(t *testing.T, st *memstore.Store) {
	for _, n := range []string{"app/s1", "app/s2", "app/s3"} {
		if _, err := st.Write(t.Context(), n, map[string]string{"k": "x-fake"}, "", remediate.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAWSPoliciesNameExactlyTheARNs(t *testing.T) {
	st := memstore.New(memstore.Options{Kind: "aws"})
	seed(t, st)
	p, rep := plan()
	arn := func(n string) string {
		d, err := st.Describe(t.Context(), n)
		if err != nil {
			t.Fatal(err)
		}
		return d.ARN
	}
	for _, c := range []struct {
		scope string
		want  map[string][]string
	}{
		{policy.ScopeDir, map[string][]string{"dir-deploy.iam.json": {arn("app/s1"), arn("app/s2")}, "dir-dbt.iam.json": {arn("app/s3")}}},
		{policy.ScopeFile, map[string][]string{
			"file-deploy%2Fa.yaml.iam.json": {arn("app/s1")}, "file-deploy%2Fb.yaml.iam.json": {arn("app/s2")},
			"file-dbt%2Fprofiles.yml.iam.json": {arn("app/s3")}, "file-dbt%2Fsecretlint.env.yaml.iam.json": {arn("app/s3")},
		}},
		{policy.ScopeRun, map[string][]string{"run.iam.json": {arn("app/s1"), arn("app/s2"), arn("app/s3")}}},
	} {
		w, err := policy.New(policy.Options{Scope: c.scope, KMSKeyID: "1234abcd-12ab-34cd-56ef-1234567890ab"})
		if err != nil {
			t.Fatal(err)
		}
		pols, err := w.Policies(t.Context(), p, rep, st)
		if err != nil {
			t.Fatal(err)
		}
		if len(pols) != len(c.want) {
			t.Errorf("%s: %d policies, want %d", c.scope, len(pols), len(c.want))
		}
		for _, pol := range pols {
			base := strings.TrimPrefix(pol.Path, remediate.PolicyDir+"/"+p.ID+"/")
			want, ok := c.want[base]
			if !ok {
				t.Errorf("%s: unexpected policy %s", c.scope, pol.Path)
				continue
			}
			doc := strictDoc(t, pol.Content)
			st0 := doc.Statement[0]
			if !slices.Equal(st0.Resource, want) || !slices.Equal(st0.Action, []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}) {
				t.Errorf("%s %s: statement %+v, want resources %v", c.scope, base, st0, want)
			}
			kms := doc.Statement[1]
			if kms.Resource[0] != "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab" ||
				kms.Condition["StringEquals"]["kms:ViaService"] != "secretsmanager.us-east-1.amazonaws.com" {
				t.Errorf("kms statement %+v", kms)
			}
		}
	}
}

// strictDoc decodes an IAM policy document, refusing unknown fields, and
// checks its shape.
func strictDoc(t *testing.T, b []byte) policy.Document {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var doc policy.Document
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not a policy document: %v\n%s", err, b)
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) == 0 {
		t.Fatalf("bad document %s", b)
	}
	for _, s := range doc.Statement {
		if s.Effect != "Allow" || len(s.Action) == 0 || len(s.Resource) == 0 {
			t.Errorf("statement without Effect/Action/Resource: %+v", s)
		}
		for _, r := range s.Resource {
			if strings.HasPrefix(r, "arn:aws:secretsmanager:") && strings.ContainsAny(r, "*?") {
				t.Errorf("wildcard secret resource %s", r)
			}
		}
	}
	return doc
}

func TestKMSForms(t *testing.T) {
	d := []remediate.Description{{Name: "a", ARN: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:a-AbCdEf"}}
	for key, want := range map[string]string{
		"arn:aws:kms:eu-west-1:111122223333:key/k1": "arn:aws:kms:eu-west-1:111122223333:key/k1",
		"k2":        "arn:aws:kms:eu-west-1:111122223333:key/k2",
		"alias/app": "arn:aws:kms:eu-west-1:111122223333:key/*",
	} {
		b, err := policy.AWSPolicy(d, key)
		if err != nil {
			t.Fatal(err)
		}
		doc := strictDoc(t, b)
		kms := doc.Statement[1]
		if kms.Resource[0] != want || kms.Condition["StringEquals"]["kms:ViaService"] != "secretsmanager.eu-west-1.amazonaws.com" {
			t.Errorf("%s: %+v", key, kms)
		}
		if key == "alias/app" && kms.Condition["ForAnyValue:StringEquals"]["kms:ResourceAliases"] != "alias/app" {
			t.Errorf("alias not conditioned: %+v", kms)
		}
	}
	if b, _ := policy.AWSPolicy(d, ""); len(strictDoc(t, b).Statement) != 1 {
		t.Errorf("a statement for the AWS managed key")
	}
	if _, err := policy.AWSPolicy([]remediate.Description{{Name: "x", ARN: "arn:aws:secretsmanager:us-east-1:1:secret:*"}}, ""); err == nil {
		t.Errorf("a wildcard ARN was accepted")
	}
	if _, err := policy.AWSPolicy([]remediate.Description{{Name: "x"}}, ""); err == nil {
		t.Errorf("a secret without ARN was accepted")
	}
}

func TestVaultPolicies(t *testing.T) {
	st := memstore.New(memstore.Options{Kind: "vault", Mount: "kv"})
	seed(t, st)
	p, rep := plan()
	w, _ := policy.New(policy.Options{Publish: true})
	pols, err := w.Policies(t.Context(), p, rep, st)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, pol := range pols {
		rules, err := policy.ParseVault(pol.Content)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			if !slices.Equal(r.Capabilities, []string{"read"}) || len(r.Other) > 0 {
				t.Errorf("%s: %+v", pol.Path, r)
			}
			got[pol.Published] = append(got[pol.Published], r.Path)
		}
	}
	want := map[string][]string{
		"secretlint-0123456789ab-dir-deploy": {"kv/data/app/s1", "kv/data/app/s2"},
		"secretlint-0123456789ab-dir-dbt":    {"kv/data/app/s3"},
	}
	if len(got) != len(want) {
		t.Errorf("policies %v, want %v", got, want)
	}
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}
}

func TestBadScope(t *testing.T) {
	if _, err := policy.New(policy.Options{Scope: "namespace"}); err == nil {
		t.Error("unknown scope accepted")
	}
}

func TestLongScopeName(t *testing.T) {
	scope := strings.Repeat("very-long-directory-name/", 20)
	name := policy.FileName(policy.ScopeDir, scope, "aws")
	if len(name) > 255 {
		t.Errorf("file name of %d bytes", len(name))
	}
	if _, _, _, ok := policy.ParseFileName(name); ok {
		t.Errorf("a cut name parsed")
	}
	if other := policy.FileName(policy.ScopeDir, scope+"x", "aws"); other == name {
		t.Errorf("two long scopes share a file name")
	}
}

func TestExternalSecretsNote(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "deploy"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "deploy", "b.yaml"), []byte("apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := memstore.New(memstore.Options{Kind: "aws"})
	seed(t, st)
	p, rep := plan()
	w, _ := policy.New(policy.Options{Root: root})
	pols, err := w.Policies(t.Context(), p, rep, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, pol := range pols {
		deploy := strings.Contains(pol.Path, "dir-deploy")
		if has := strings.Contains(pol.Note, "SecretStore") && strings.Contains(pol.Note, "deploy/b.yaml"); has != deploy {
			t.Errorf("%s: note %q", pol.Path, pol.Note)
		}
	}
}
