package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/policy"
	"github.com/secretlint-go/secretlint/remediate/vaultkv"
)

// status returns the HTTP status of a Vault read: 200, or the error's.
func status(err error) int {
	var re *api.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	if err != nil {
		return -1
	}
	return http.StatusOK
}

func TestRefsVault(t *testing.T) {
	addr, token := testenv.Vault(t)
	getenv := map[string]string{"VAULT_ADDR": addr, "VAULT_TOKEN": token}
	root := copyFixture(t)
	const prefix = "refsvault"
	var outputs []string
	keep := func(code int, stdout, stderr string) (int, string, string) {
		outputs = append(outputs, stdout, stderr)
		return code, stdout, stderr
	}
	code, out, errOut := keep(cli(t, getenv, "remediate", "-C", root, "--backend", "vault", "--refs", "vals", "--prefix", prefix,
		"--vault-write-policies", "--apply", "--yes", "--no-diff"))
	if code != 1 || !strings.Contains(out, remediate.PolicyDir) {
		t.Fatalf("apply exit %d (want 1), policies not listed:\n%s\n%s", code, out, errOut)
	}
	journals, _ := filepath.Glob(filepath.Join(root, remediate.JournalDir, "*.jsonl"))
	p, err := remediate.PlanFromJournal(journals[0])
	if err != nil {
		t.Fatal(err)
	}
	root0, err := api.NewClient(&api.Config{Address: addr})
	if err != nil {
		t.Fatal(err)
	}
	root0.SetToken(token)
	kv := root0.KVv2("secret")
	// A sibling of the moved secrets that no policy should reach.
	if _, err := kv.Put(t.Context(), prefix+"/deploy/sibling", map[string]any{"k": "x-fake-sibling"}); err != nil {
		t.Fatal(err)
	}

	// Each policy, written to Vault, lets a token holding only it read
	// every secret of its scope, and nothing else.
	want := expectedScopes(p)
	files, _ := filepath.Glob(filepath.Join(root, remediate.PolicyDir, p.ID, "*"))
	if len(files) != len(want) {
		t.Fatalf("%d policies, want %d", len(files), len(want))
	}
	var table []string
	for _, f := range files {
		kind, scope, backend, ok := policy.ParseFileName(filepath.Base(f))
		if !ok || backend != "vault" {
			t.Fatalf("policy file %s", f)
		}
		name := policy.VaultName(p.ID, kind, scope)
		stored, err := root0.Sys().GetPolicyWithContext(t.Context(), name)
		local, _ := os.ReadFile(f)
		outputs = append(outputs, string(local))
		if err != nil || strings.TrimSpace(stored) != strings.TrimSpace(string(local)) {
			t.Fatalf("policy %s not written to Vault as in %s (%v)", name, f, err)
		}
		tok, err := root0.Auth().Token().CreateWithContext(t.Context(), &api.TokenCreateRequest{Policies: []string{name}, NoDefaultPolicy: true, TTL: "10m"})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := root0.Clone()
		c.SetToken(tok.Auth.ClientToken)
		check := func(path string, wantStatus int) {
			_, err := c.Logical().ReadWithContext(t.Context(), path)
			got := status(err)
			table = append(table, fmt.Sprintf("| %s | %s | %d |", name, path, got))
			if got != wantStatus {
				t.Errorf("token with %s reading %s: HTTP %d, want %d", name, path, got, wantStatus)
			}
		}
		for _, s := range want[scope] {
			check("secret/data/"+s, http.StatusOK)
		}
		for other, secrets := range want {
			if other != scope {
				check("secret/data/"+secrets[0], http.StatusForbidden) // another scope's secret
			}
		}
		check("secret/data/"+prefix+"/deploy/sibling", http.StatusForbidden)
		check("secret/metadata/"+want[scope][0], http.StatusForbidden)
		check("sys/policies/acl/"+name, http.StatusForbidden)
		check("sys/mounts", http.StatusForbidden)
	}
	t.Logf("Vault reads with a token holding only the generated policy:\n| policy | path | HTTP |\n|---|---|---|\n%s", strings.Join(table, "\n"))

	// The audit trail of the move is in the path's custom metadata.
	md, err := kv.GetMetadata(t.Context(), prefix+"/deploy/values")
	if err != nil {
		t.Fatal(err)
	}
	if md.CustomMetadata["managed-by"] != "secretlint" || md.CustomMetadata["secretlint-source"] != "deploy/values.yaml" ||
		md.CustomMetadata["secretlint-plan"] != p.ID || md.CustomMetadata["secretlint-rule"] != "hardcoded-credential" ||
		md.CustomMetadata["secretlint-moved-at"] == nil {
		t.Errorf("audit trail custom metadata: %v", md.CustomMetadata)
	}

	addConsumers(t, root, "    vault:\n      server: "+addr+"\n      path: secret\n      version: v2\n",
		"        key: "+prefix+"/deploy/values\n        property: database.pool.token\n", "ref+vault://secret/"+prefix+"/deploy/other#/migrations.password")

	refs := func(args ...string) (int, []string) {
		t.Helper()
		code, out, errOut := keep(cli(t, getenv, append([]string{"refs", "-C", root, "--backend", "vault", "--prefix", prefix, "--format", "json"}, args...)...))
		if code == 2 {
			t.Fatalf("refs exit 2: %s", errOut)
		}
		return code, refsFindings(t, out)
	}
	// The sibling is managed by nobody: not unused. Right after apply:
	// nothing to report.
	if code, got := refs("--check-keys"); code != 0 || len(got) != 0 {
		t.Errorf("refs after apply: exit %d, %v; want 0 findings", code, got)
	}

	// Delete one secret, rename one key, untag one secret: exactly those
	// three, with their rules.
	if err := kv.DeleteMetadata(t.Context(), prefix+"/dbt/jaffle_shop/dev"); err != nil {
		t.Fatal(err)
	}
	sec, err := kv.Get(t.Context(), prefix+"/deploy/values")
	if err != nil {
		t.Fatal(err)
	}
	sec.Data["api.apiKey2"] = sec.Data["api.apiKey"]
	delete(sec.Data, "api.apiKey")
	if _, err := kv.Put(t.Context(), prefix+"/deploy/values", sec.Data); err != nil {
		t.Fatal(err)
	}
	if err := kv.PutMetadata(t.Context(), prefix+"/dbt/jaffle_shop/prod", api.KVMetadataPutInput{CustomMetadata: map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	wantFindings := []string{
		"dangling-reference dbt/secretlint.env.yaml:5",
		"dangling-reference deploy/values.yaml:9",
		"missing-audit-trail dbt/secretlint.env.yaml:6",
	}
	if code, got := refs("--check-keys"); code != 1 || !slices.Equal(got, wantFindings) {
		t.Errorf("refs after the changes: exit %d\n%s\nwant\n%s", code, strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}

	// A deleted current version, a stale updated_time (the clock moved
	// 100 days on, not slept) and an unused managed secret.
	if err := kv.Delete(t.Context(), prefix+"/deploy/other"); err != nil {
		t.Fatal(err)
	}
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(t.Context(), prefix+"/old/forgotten", map[string]string{"k": "x-fake-old"}, "", remediate.Meta{Sources: []string{"old/app.yaml"}}); err != nil {
		t.Fatal(err)
	}
	_, got := refs()
	for _, w := range []string{"secret-pending-deletion deploy/other.yaml:3", "secret-pending-deletion cmd/app/refs.go:5", "secret-pending-deletion deploy/values.yaml:6", "unused-secret old/app.yaml:1"} {
		if !slices.Contains(got, w) {
			t.Errorf("%q not in %v", w, got)
		}
	}
	if slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "rotation-overdue") }) {
		t.Errorf("rotation-overdue on fresh secrets: %v", got)
	}
	refsNow = func() time.Time { return time.Now().Add(100 * 24 * time.Hour) }
	t.Cleanup(func() { refsNow = time.Now })
	_, got = refs()
	if !slices.Contains(got, "rotation-overdue deploy/values.yaml:7") {
		t.Errorf("no rotation-overdue 100 days on: %v", got)
	}

	// Rollback removes the policies, from the tree and from Vault.
	code, _, errOut = keep(cli(t, getenv, "remediate", "-C", root, "--rollback", journals[0]))
	if left, _ := filepath.Glob(filepath.Join(root, remediate.PolicyDir, "*", "*")); len(left) != 0 {
		t.Errorf("rollback (exit %d) left policies %v: %s", code, left, errOut)
	}
	for _, f := range files {
		kind, scope, _, _ := policy.ParseFileName(filepath.Base(f))
		if pol, err := root0.Sys().GetPolicyWithContext(t.Context(), policy.VaultName(p.ID, kind, scope)); err != nil || pol != "" {
			t.Errorf("policy of %s still in Vault after rollback (%v)", scope, err)
		}
	}
	for i, o := range outputs {
		noPlantIn(t, fmt.Sprintf("output %d", i), o)
	}
}
