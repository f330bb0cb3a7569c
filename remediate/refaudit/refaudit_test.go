package refaudit_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/internal/testtree"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
	"github.com/secretlint-go/secretlint/remediate/refaudit"
)

// vaultTree holds one reference of every form, all to Vault.
var vaultTree = map[string]string{
	"deploy/values.yaml": `db:
  password: ref+vault://secret/secretlint/app/db#/password
  url: "postgres://app:ref+vault://secret/secretlint/app/db#/password+@db:5432/app"
`,
	"k8s/external.yaml": `apiVersion: external-secrets.io/v1beta1
kind: SecretStore
metadata:
  name: vault-store
  namespace: app
spec:
  provider:
    vault:
      server: https://vault.example.com
      path: secret
      version: v2
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: api
  namespace: app
spec:
  secretStoreRef:
    name: vault-store
    kind: SecretStore
  data:
    - secretKey: token
      remoteRef:
        key: secretlint/app/api
        property: token
`,
	"dbt/profiles.yml": `jaffle:
  outputs:
    dev:
      password: "{{ env_var('DBT_ENV_SECRET_DEV') }}"
      token: "{{ env_var('DBT_ENV_SECRET_MISSING') }}"
      user: "{{ env_var('DBT_USER') }}"
`,
	"dbt/secretlint.env.yaml": "DBT_ENV_SECRET_DEV: ref+vault://secret/secretlint/dbt/dev#/password\n",
	"cmd/app/main.go": `package main

import (
	"context"

	sr "github.com/secretlint-go/secretlint/secretref"
)

var key = sr.MustGet("ref+vault://secret/secretlint/app/go#/key")

func main() {
	r := sr.Default()
	_, _ = r.Get(context.Background(), "ref+vault://secret/secretlint/app/go#/other")
	_ = "ref+vault://secret/not/a/call#/x" // not read through secretref: not a Go reference
}
`,
}

type fixture struct {
	root string
	st   *memstore.Store
	now  time.Time
}

func newVault(t *testing.T) *fixture {
	root := t.TempDir()
	testtree.Write(t, root, vaultTree)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	st := memstore.New(memstore.Options{Kind: "vault", Now: func() time.Time { return now }})
	meta := remediate.Meta{Sources: []string{"deploy/values.yaml"}, PlanID: "p1", Rules: []string{"hardcoded-credential"}, MovedAt: now}
	for name, vals := range map[string]map[string]string{
		"secretlint/app/db":     {"password": "x-fake-1"},
		"secretlint/app/api":    {"token": "x-fake-2"},
		"secretlint/dbt/dev":    {"password": "x-fake-3"},
		"secretlint/app/go":     {"key": "x-fake-4", "other": "x-fake-5"},
		"secretlint/old/unused": {"k": "x-fake-6"},
	} {
		if _, err := st.Write(t.Context(), name, vals, "", meta); err != nil {
			t.Fatal(err)
		}
	}
	return &fixture{root: root, st: st, now: now}
}

func (f *fixture) run(t *testing.T, mod func(*refaudit.Options)) *refaudit.Result {
	t.Helper()
	o := refaudit.Options{
		Root: f.root, Backend: "vault", Now: func() time.Time { return f.now },
		Open: func(ctx context.Context, backend, where string) (remediate.Store, error) {
			if backend != f.st.Kind() {
				return nil, fmt.Errorf("no %s store in this test", backend)
			}
			return f.st, nil
		},
	}
	if mod != nil {
		mod(&o)
	}
	res, err := refaudit.Run(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// summary lists findings as "rule file:line secret".
func summary(res *refaudit.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s:%d %s", f.RuleID, f.File, f.Line, f.Meta["ref.secret"]))
	}
	slices.Sort(out)
	return out
}

func TestFindersVault(t *testing.T) {
	f := newVault(t)
	res := f.run(t, nil)
	var got []string
	for _, r := range res.References {
		got = append(got, fmt.Sprintf("%s %s:%d %s/%s#%s derived=%t", r.Form, r.File, r.Line, r.Mount, r.Name, r.Key, r.Derived))
	}
	want := []string{
		"go cmd/app/main.go:9 secret/secretlint/app/go#key derived=false",
		"go cmd/app/main.go:13 secret/secretlint/app/go#other derived=false",
		"dbt dbt/profiles.yml:4 secret/secretlint/dbt/dev#password derived=true",
		"dbt dbt/profiles.yml:5 /#= derived=false",
		"env-map dbt/secretlint.env.yaml:1 secret/secretlint/dbt/dev#password derived=false",
		"vals deploy/values.yaml:2 secret/secretlint/app/db#password derived=false",
		"vals deploy/values.yaml:3 secret/secretlint/app/db#password derived=false",
		"external-secrets k8s/external.yaml:25 secret/secretlint/app/api#token derived=false",
	}
	for i := range want {
		want[i] = strings.Replace(want[i], "/#= ", "/# ", 1)
	}
	if !slices.Equal(got, want) {
		t.Errorf("references:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The embedded reference ends at its '+', as vals reads it.
	for _, r := range res.References {
		if r.Line == 3 && r.File == "deploy/values.yaml" && r.Text != "ref+vault://secret/secretlint/app/db#/password" {
			t.Errorf("embedded reference read as %q", r.Text)
		}
	}
}

func TestRulesVault(t *testing.T) {
	f := newVault(t)
	// Clean apart from the dbt variable missing from its env map and the
	// managed secret nothing references.
	want := []string{
		"dangling-reference dbt/profiles.yml:5 ",
		"unused-secret deploy/values.yaml:1 secretlint/old/unused",
	}
	if got := summary(f.run(t, nil)); !slices.Equal(got, want) {
		t.Errorf("clean tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	f.st.ScheduleDeletion("secretlint/app/api")
	f.st.Untag("secretlint/app/go")
	f.st.SetChanged("secretlint/app/db", f.now.Add(-91*24*time.Hour))
	f.st.Remove("secretlint/dbt/dev")
	f.st.Put("secretlint/old/unused", map[string]string{"renamed": "x-fake-7"})
	want = []string{
		"dangling-reference dbt/profiles.yml:5 ",
		"dangling-reference dbt/secretlint.env.yaml:1 secretlint/dbt/dev",
		"missing-audit-trail cmd/app/main.go:13 secretlint/app/go",
		"missing-audit-trail cmd/app/main.go:9 secretlint/app/go",
		"rotation-overdue deploy/values.yaml:2 secretlint/app/db",
		"rotation-overdue deploy/values.yaml:3 secretlint/app/db",
		"secret-pending-deletion k8s/external.yaml:25 secretlint/app/api",
		"unused-secret deploy/values.yaml:1 secretlint/old/unused", // Put keeps the trail
	}
	if got := summary(f.run(t, nil)); !slices.Equal(got, want) {
		t.Errorf("after changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// --max-age: 100 days is not overdue.
	got := summary(f.run(t, func(o *refaudit.Options) { o.MaxAge = 100 * 24 * time.Hour }))
	if slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "rotation-overdue") }) {
		t.Errorf("rotation-overdue within --max-age: %v", got)
	}
}

func TestCheckKeysReadsOnlyWithTheOption(t *testing.T) {
	f := newVault(t)
	f.st.Put("secretlint/app/db", map[string]string{"passwd": "x-fake-8"}) // key renamed
	before := f.st.Calls(memstore.OpRead)
	got := summary(f.run(t, nil))
	if n := f.st.Calls(memstore.OpRead) - before; n != 0 {
		t.Errorf("refs without CheckKeys read %d secrets", n)
	}
	if slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "dangling-reference deploy/") }) {
		t.Errorf("a missing key found without reading: %v", got)
	}
	got = summary(f.run(t, func(o *refaudit.Options) { o.CheckKeys = true }))
	for _, w := range []string{"dangling-reference deploy/values.yaml:2 secretlint/app/db", "dangling-reference deploy/values.yaml:3 secretlint/app/db"} {
		if !slices.Contains(got, w) {
			t.Errorf("CheckKeys: %q not in %v", w, got)
		}
	}
	if f.st.Calls(memstore.OpRead) == before {
		t.Errorf("CheckKeys read nothing")
	}
}

func TestRotationAWS(t *testing.T) {
	root := t.TempDir()
	testtree.Write(t, root, map[string]string{
		"cfn/template.yaml": `Resources:
  Db:
    Properties:
      MasterUserPassword: '{{resolve:secretsmanager:secretlint/cfn/db:SecretString:password}}'
      Other: '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:000000000000:secret:secretlint/cfn/arn-AbCdEf:SecretString:password::}}'
`,
		"deploy/values.yaml": "token: ref+awssecrets://secretlint/deploy/values#/token\n",
		"k8s/es.yaml": `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: aws
spec:
  provider:
    aws:
      service: SecretsManager
      region: us-east-1
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: db
  namespace: app
spec:
  secretStoreRef:
    name: aws
    kind: ClusterSecretStore
  data:
    - secretKey: password
      remoteRef:
        key: secretlint/cfn/gone
        property: password
`,
	})
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	st := memstore.New(memstore.Options{Kind: "aws", Now: func() time.Time { return now }})
	for _, n := range []string{"secretlint/cfn/db", "secretlint/cfn/arn", "secretlint/deploy/values"} {
		if _, err := st.Write(t.Context(), n, map[string]string{"password": "x-fake", "token": "x-fake"}, "", remediate.Meta{Sources: []string{"x"}}); err != nil {
			t.Fatal(err)
		}
	}
	st.SetRotation("secretlint/cfn/db", true, now.Add(-200*24*time.Hour))
	st.SetChanged("secretlint/cfn/db", now.Add(-200*24*time.Hour))
	st.SetRotation("secretlint/cfn/arn", true, now.Add(-24*time.Hour))
	f := &fixture{root: root, st: st, now: now}
	got := summary(f.run(t, func(o *refaudit.Options) { o.Backend = "aws" }))
	want := []string{
		"dangling-reference k8s/es.yaml:23 secretlint/cfn/gone",
		"rotation-disabled deploy/values.yaml:1 secretlint/deploy/values",
		"rotation-overdue cfn/template.yaml:4 secretlint/cfn/db",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOverbroadPolicy(t *testing.T) {
	f := newVault(t)
	testtree.Write(t, f.root, map[string]string{
		".secretlint/policies/p1/dir-deploy.vault.hcl": `path "secret/data/secretlint/app/db" {
  capabilities = ["read"]
}
`,
		".secretlint/policies/p1/dir-k8s.vault.hcl": `path "secret/data/secretlint/app/api" {
  capabilities = ["read", "update"]
}
path "secret/data/secretlint/app/*" {
  capabilities = ["read"]
}
path "secret/data/secretlint/app/db" {
  capabilities = ["read"]
}
`,
	})
	res := f.run(t, nil)
	var got []string
	for _, fd := range res.Findings {
		if fd.RuleID == refaudit.RuleOverbroadPolicy {
			got = append(got, fmt.Sprintf("%s:%d", fd.File, fd.Line))
		}
	}
	want := []string{".secretlint/policies/p1/dir-k8s.vault.hcl:1", ".secretlint/policies/p1/dir-k8s.vault.hcl:4", ".secretlint/policies/p1/dir-k8s.vault.hcl:7"}
	if !slices.Equal(got, want) {
		t.Errorf("overbroad: %v, want %v", got, want)
	}
	if res.Policies != 2 {
		t.Errorf("%d policies checked, want 2", res.Policies)
	}
}

func TestUnreachableStore(t *testing.T) {
	f := newVault(t)
	_, err := refaudit.Run(t.Context(), refaudit.Options{Root: f.root, Backend: "vault",
		Open: func(context.Context, string, string) (remediate.Store, error) {
			return nil, fmt.Errorf("dial tcp 127.0.0.1:1: connection refused")
		}})
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("unreachable store: %v", err)
	}
}

func TestOverbroadPolicyAWS(t *testing.T) {
	root := t.TempDir()
	st := memstore.New(memstore.Options{Kind: "aws"})
	for _, n := range []string{"secretlint/deploy/a", "secretlint/deploy/b"} {
		if _, err := st.Write(t.Context(), n, map[string]string{"k": "x-fake"}, "", remediate.Meta{Sources: []string{"deploy/x.yaml"}}); err != nil {
			t.Fatal(err)
		}
	}
	d, _ := st.Describe(t.Context(), "secretlint/deploy/a")
	testtree.Write(t, root, map[string]string{
		"deploy/x.yaml": "a: ref+awssecrets://secretlint/deploy/a#/k\nb: ref+awssecrets://secretlint/deploy/b#/k\n",
		// Exact: the ARN of a, the documented one-secret wildcard of b.
		".secretlint/policies/p/dir-deploy.iam.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
  "Resource": ["` + d.ARN + `", "arn:aws:secretsmanager:us-east-1:000000000000:secret:secretlint/deploy/b-??????"]}]}`,
		// Too wide three ways: a prefix wildcard, an action, an unused secret.
		".secretlint/policies/p/run.iam.json": `{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
  "Action": "secretsmanager:*",
  "Resource": ["arn:aws:secretsmanager:us-east-1:000000000000:secret:secretlint/*", "arn:aws:secretsmanager:us-east-1:000000000000:secret:other-AbCdEf"]}}`,
	})
	f := &fixture{root: root, st: st, now: time.Now()}
	res := f.run(t, func(o *refaudit.Options) { o.Backend = "aws" })
	var got []string
	for _, fd := range res.Findings {
		if fd.RuleID == refaudit.RuleOverbroadPolicy {
			got = append(got, fd.File+": "+fd.Message)
		}
	}
	if len(got) != 3 || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "secretsmanager:*") }) ||
		!slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "wildcard wider than one secret") }) ||
		!slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "which no reference of its scope uses") }) ||
		slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "dir-deploy") }) {
		t.Errorf("overbroad findings:\n%s", strings.Join(got, "\n"))
	}
}
