package vault_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/vault/api"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/secretref"
	"github.com/secretlint-go/secretlint/secretref/vault"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type countingTransport struct {
	base   http.RoundTripper
	mounts atomic.Int64
	reads  atomic.Int64
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.Contains(req.URL.Path, "/sys/internal/ui/mounts/") {
		c.mounts.Add(1)
	} else {
		c.reads.Add(1)
	}
	return c.base.RoundTrip(req)
}

func client(t *testing.T) (*api.Client, *countingTransport) {
	t.Helper()
	addr, token := testenv.Vault(t)
	cfg := api.DefaultConfig()
	cfg.Address = addr
	ct := &countingTransport{base: cfg.HttpClient.Transport}
	cfg.HttpClient.Transport = ct
	c, err := api.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(token)
	return c, ct
}

func random(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

var kv1Once sync.Once

func TestFetchFromVault(t *testing.T) {
	c, ct := client(t)
	ctx := context.Background()
	path := random("app/db-")
	pw1, pw2 := random("v1-"), random("v2-")
	if _, err := c.KVv2("secret").Put(ctx, path, map[string]any{"password": pw1, "user": "app"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.KVv2("secret").Put(ctx, path, map[string]any{"password": pw2, "user": "app"}); err != nil {
		t.Fatal(err)
	}
	kv1Once.Do(func() {
		if err := c.Sys().MountWithContext(ctx, "kv1", &api.MountInput{Type: "kv", Options: map[string]string{"version": "1"}}); err != nil {
			t.Fatal(err)
		}
	})
	v1path := random("legacy-")
	v1val := random("legacy-value-")
	if _, err := c.Logical().WriteWithContext(ctx, "kv1/"+v1path, map[string]any{"token": v1val}); err != nil {
		t.Fatal(err)
	}

	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"vault": vault.New(c)}})
	ct.mounts.Store(0)
	ct.reads.Store(0)
	check := func(ref, want string) {
		t.Helper()
		v, err := r.Get(ctx, ref)
		if err != nil || v != want {
			t.Errorf("Get(%s): err = %v, value matches = %v", ref, err, v == want)
		}
	}
	check("ref+vault://secret/"+path+"#/password", pw2)
	check("ref+vault://secret/"+path+"#/user", "app")
	check("ref+vault://secret/"+path+"?version=1#/password", pw1)
	check("ref+vault://kv1/"+v1path+"#/token", v1val)
	if m, n := ct.mounts.Load(), ct.reads.Load(); m != 2 || n != 3 {
		t.Errorf("requests: %d mount lookups (want 2: secret/ and kv1/), %d reads (want 3: latest, version 1, kv1)", m, n)
	}

	for ref, want := range map[string]error{
		"ref+vault://secret/" + random("none-") + "#/password": secretref.ErrNotFound,
		"ref+vault://secret/" + path + "#/nokey":               secretref.ErrNoKey,
		"ref+vault://secret/" + path + "?version=x#/password":  secretref.ErrBadRef,
		"ref+vault://secret/" + path + "?adress=x#/password":   secretref.ErrBadRef, //nolint:misspell // a misspelt parameter must be rejected, not ignored
		"ref+vault://kv1/" + v1path + "?version=2#/token":      secretref.ErrBadRef,
		"ref+vault://sys/" + random("x") + "#/k":               secretref.ErrBadRef,
	} {
		_, err := r.Get(ctx, ref)
		if !errors.Is(err, want) {
			t.Errorf("Get(%s) = %v, want %v", ref, err, want)
			continue
		}
		if !strings.Contains(err.Error(), ref) || strings.Contains(err.Error(), pw1) || strings.Contains(err.Error(), pw2) {
			t.Errorf("Get(%s): error %q must name the reference and not the value", ref, err)
		}
	}

	// A deleted newest version reads as not found.
	if err := c.KVv2("secret").Delete(ctx, path); err != nil {
		t.Fatal(err)
	}
	r.Forget("ref+vault://secret/" + path + "#/password")
	if _, err := r.Get(ctx, "ref+vault://secret/"+path+"#/password"); !errors.Is(err, secretref.ErrNotFound) {
		t.Errorf("deleted version: err = %v, want ErrNotFound", err)
	}
}

func TestUnauthorized(t *testing.T) {
	c, _ := client(t)
	c.SetToken("not-a-token")
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"vault": vault.New(c)}})
	if _, err := r.Get(context.Background(), "ref+vault://secret/x#/k"); !errors.Is(err, secretref.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
}

// TestDefaultEnvironment runs the backend the way a rewritten program does:
// VAULT_ADDR and VAULT_TOKEN only.
func TestDefaultEnvironment(t *testing.T) {
	addr, token := testenv.Vault(t)
	c, _ := client(t)
	path := random("env/app-")
	val := random("env-value-")
	if _, err := c.KVv2("secret").Put(context.Background(), path, map[string]any{"token": val}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", t.TempDir()) // no ~/.vault-token of the developer's
	t.Setenv("VAULT_ADDR", addr)
	t.Setenv("VAULT_TOKEN", token)
	if !slices.Contains(secretref.Schemes(), vault.Scheme) {
		t.Fatalf("importing vault did not register %q", vault.Scheme)
	}
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{vault.Scheme: &vault.Backend{}}})
	v, err := r.Get(context.Background(), "ref+vault://secret/"+path+"#/token")
	if err != nil || v != val {
		t.Fatalf("Get: err = %v, value matches = %v", err, v == val)
	}

	t.Setenv("VAULT_TOKEN", "")
	r = secretref.New(secretref.Options{Backends: map[string]secretref.Backend{vault.Scheme: &vault.Backend{}}})
	if _, err := r.Get(context.Background(), "ref+vault://secret/"+path+"#/token"); !errors.Is(err, secretref.ErrUnauthorized) {
		t.Errorf("no token: err = %v, want ErrUnauthorized", err)
	}
}
