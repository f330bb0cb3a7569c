package vaultkv_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/vault/api"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/storetest"
	"github.com/secretlint-go/secretlint/remediate/vaultkv"
)

// One dev server for the whole package.
func TestMain(m *testing.M) { testenv.Main(m) }

// counted adds the storetest.VersionCounter hook: the number of versions
// in the path's KV v2 metadata.
type counted struct{ *vaultkv.Store }

func (c counted) VersionCount(ctx context.Context, name string) (int, error) {
	vs, err := c.Client().KVv2("secret").GetVersionsAsList(ctx, name)
	if err != nil {
		return 0, err
	}
	return len(vs), nil
}

// rootStore connects with the dev server's root token through Options.
func rootStore(t *testing.T) *vaultkv.Store {
	t.Helper()
	addr, token := testenv.Vault(t)
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) remediate.Store { return counted{rootStore(t)} })
}

func TestParallelCheckAndSetHasOneWinner(t *testing.T) {
	st := rootStore(t)
	name := "parallel/" + strings.ToLower(t.Name())
	v1, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, "", remediate.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	const writers = 8
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			_, errs[i] = st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, v1, remediate.Meta{})
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, remediate.ErrConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	n, err := counted{st}.VersionCount(t.Context(), name)
	if wins != 1 || err != nil || n != 2 {
		t.Errorf("%d winners, %d versions (%v); want 1 and 2", wins, n, err)
	}
}

func TestMetadataRecordedAndMerged(t *testing.T) {
	st := rootStore(t)
	kv := st.Client().KVv2("secret")
	name := "meta/app"
	// Settings and custom metadata set by someone else must survive.
	if err := kv.PutMetadata(t.Context(), name, api.KVMetadataPutInput{MaxVersions: 7, CustomMetadata: map[string]any{"owner": "team-a"}}); err != nil {
		t.Fatal(err)
	}
	v1, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, "", remediate.Meta{Sources: []string{"config/a.yaml"}, Description: "db creds"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, v1, remediate.Meta{Sources: []string{"config/b.yaml", "config/a.yaml"}}); err != nil {
		t.Fatal(err)
	}
	md, err := kv.GetMetadata(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"owner": "team-a", "managed-by": "secretlint", "secretlint-source": "config/a.yaml, config/b.yaml", "secretlint-description": "db creds"}
	for k, v := range want {
		if md.CustomMetadata[k] != v {
			t.Errorf("custom_metadata[%q] = %v, want %v", k, md.CustomMetadata[k], v)
		}
	}
	if md.MaxVersions != 7 {
		t.Errorf("max_versions = %d, want 7 (kept)", md.MaxVersions)
	}
}

func TestDeletedSecretReadsAbsentAndCanBeRecreated(t *testing.T) {
	st := rootStore(t)
	kv := st.Client().KVv2("secret")
	name := "deleted/app"
	if _, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, "", remediate.Meta{}); err != nil {
		t.Fatal(err)
	}
	if err := kv.Delete(t.Context(), name); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Read(t.Context(), name); !errors.Is(err, remediate.ErrNotFound) {
		t.Fatalf("Read(deleted) err = %v, want ErrNotFound", err)
	}
	values := map[string]string{"A": storetest.Password()}
	v, err := st.Write(t.Context(), name, values, "", remediate.Meta{})
	if err != nil || v != "2" {
		t.Fatalf("create over a deleted version: version %q err %v, want \"2\"", v, err)
	}
	e, err := st.Read(t.Context(), name)
	if err != nil || e.Version != "2" || e.Values["A"] != values["A"] {
		t.Errorf("Read: version %q err %v", e.Version, err)
	}
}

func TestRefMount(t *testing.T) {
	st := rootStore(t)
	if got, want := st.Ref("team/app", "DB_PASSWORD"), "ref+vault://secret/team/app#/DB_PASSWORD"; got != want {
		t.Errorf("Ref = %q, want %q", got, want)
	}
}

func TestNewChecksMount(t *testing.T) {
	addr, token := testenv.Vault(t)
	root := rootStore(t).Client()
	if err := root.Sys().MountWithContext(t.Context(), "kv1", &api.MountInput{Type: "kv", Options: map[string]string{"version": "1"}}); err != nil {
		t.Fatal(err)
	}
	if err := root.Sys().MountWithContext(t.Context(), "team/kv", &api.MountInput{Type: "kv", Options: map[string]string{"version": "2"}}); err != nil {
		t.Fatal(err)
	}
	for mount, want := range map[string]string{"kv1": "KV version 1", "cubbyhole": "not kv", "secret/sub": "not a mount itself"} {
		_, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token, Mount: mount})
		if !errors.Is(err, remediate.ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("mount %s: err = %v, want ErrInvalid mentioning %q", mount, err, want)
		}
	}
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token, Mount: "/team/kv/"})
	if err != nil {
		t.Fatalf("nested KV v2 mount: %v", err)
	}
	if _, err := st.Write(t.Context(), "app", map[string]string{"A": storetest.Password()}, "", remediate.Meta{}); err != nil {
		t.Fatal(err)
	}
	if got := st.Ref("app", "A"); got != "ref+vault://team/kv/app#/A" {
		t.Errorf("Ref = %q", got)
	}
}

// clearVaultEnv isolates New from the developer's Vault environment.
func clearVaultEnv(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{"VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE", "VAULT_CONFIG_PATH"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return home
}

func TestNewFromEnvironment(t *testing.T) {
	addr, token := testenv.Vault(t)
	clearVaultEnv(t)
	t.Setenv("VAULT_ADDR", addr)
	t.Setenv("VAULT_TOKEN", token)
	t.Setenv("VAULT_NAMESPACE", "ns1")
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Namespace: "root"})
	// The OSS dev server serves only the root namespace: "root" works.
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Client().Headers().Get("X-Vault-Namespace"); got != "root" {
		t.Errorf("namespace header = %q, want the option to win over VAULT_NAMESPACE", got)
	}
	if st.Client().Address() != addr || st.Client().Token() != token {
		t.Error("VAULT_ADDR / VAULT_TOKEN not used")
	}
}

func TestNewNamespaceFromEnvironment(t *testing.T) {
	addr, _ := testenv.Vault(t)
	clearVaultEnv(t)
	t.Setenv("VAULT_NAMESPACE", "team-a")
	cfg := api.DefaultConfig()
	cfg.Address = addr
	c, err := api.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// New relies on api.NewClient for VAULT_NAMESPACE; check it does.
	if got := c.Headers().Get("X-Vault-Namespace"); got != "team-a" {
		t.Errorf("api.NewClient namespace = %q, want VAULT_NAMESPACE", got)
	}
}

func TestNewTokenHelperFile(t *testing.T) {
	addr, token := testenv.Vault(t)
	home := clearVaultEnv(t)
	t.Setenv("VAULT_ADDR", addr)
	if err := os.WriteFile(filepath.Join(home, ".vault-token"), []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := vaultkv.New(t.Context(), vaultkv.Options{})
	if err != nil {
		t.Fatalf("New with ~/.vault-token: %v", err)
	}
	if st.Client().Token() != token {
		t.Error("token from ~/.vault-token not used")
	}
	// VAULT_TOKEN wins over the file, and Options.Token over both.
	t.Setenv("VAULT_TOKEN", "not-a-valid-token")
	if _, err := vaultkv.New(t.Context(), vaultkv.Options{}); !errors.Is(err, remediate.ErrUnauthorized) {
		t.Errorf("bad VAULT_TOKEN: err = %v, want ErrUnauthorized", err)
	}
	if _, err := vaultkv.New(t.Context(), vaultkv.Options{Token: token}); err != nil {
		t.Errorf("Options.Token: %v", err)
	}
}

func TestNewWithoutToken(t *testing.T) {
	addr, _ := testenv.Vault(t)
	clearVaultEnv(t)
	_, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr})
	if !errors.Is(err, remediate.ErrUnauthorized) || !strings.Contains(err.Error(), "vault login") {
		t.Errorf("err = %v, want ErrUnauthorized with a hint", err)
	}
}

// The policy in the package comment is enough, and a read-only token is
// refused with ErrUnauthorized.
func TestPolicy(t *testing.T) {
	addr, _ := testenv.Vault(t)
	root := rootStore(t).Client()
	policy := `
path "secret/data/*"     { capabilities = ["create", "read", "update"] }
path "secret/metadata/*" { capabilities = ["read", "patch"] }
`
	if err := root.Sys().PutPolicyWithContext(t.Context(), "secretlint", policy); err != nil {
		t.Fatal(err)
	}
	if err := root.Sys().PutPolicyWithContext(t.Context(), "readonly", `path "secret/data/*" { capabilities = ["read"] }`); err != nil {
		t.Fatal(err)
	}
	tokenFor := func(policy string) string {
		sec, err := root.Auth().Token().CreateWithContext(t.Context(), &api.TokenCreateRequest{Policies: []string{policy}, NoDefaultPolicy: false})
		if err != nil {
			t.Fatal(err)
		}
		return sec.Auth.ClientToken
	}
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: tokenFor("secretlint")})
	if err != nil {
		t.Fatal(err)
	}
	name := "policy/app"
	v1, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, "", remediate.Meta{Sources: []string{"a.yaml"}})
	if err != nil {
		t.Fatalf("create with the documented policy: %v", err)
	}
	if _, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, v1, remediate.Meta{Sources: []string{"b.yaml"}}); err != nil {
		t.Fatalf("update with the documented policy: %v", err)
	}

	ro, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: tokenFor("readonly")})
	if err != nil {
		t.Fatal(err)
	}
	planted := storetest.Password()
	_, err = ro.Write(t.Context(), "policy/other", map[string]string{"A": planted}, "", remediate.Meta{})
	if !errors.Is(err, remediate.ErrUnauthorized) || remediate.IsRetryable(err) || strings.Contains(err.Error(), planted) {
		t.Errorf("read-only token: err = %v, want non-retryable ErrUnauthorized without the value", err)
	}
}

// lossy forwards to Vault but answers 502 to the first KV data write after
// forwarding it: the write lands, the client never learns.
type lossy struct {
	proxy *httputil.ReverseProxy
	drops atomic.Int32
	limit int32
}

func (l *lossy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.Method == http.MethodPut || r.Method == http.MethodPost) && strings.Contains(r.URL.Path, "/v1/secret/data/") && l.drops.Load() < l.limit {
		l.drops.Add(1)
		rec := httptest.NewRecorder()
		l.proxy.ServeHTTP(rec, r)
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	l.proxy.ServeHTTP(w, r)
}

func lossyStore(t *testing.T, retries int, drops int32) (*vaultkv.Store, *lossy) {
	addr, token := testenv.Vault(t)
	u, _ := url.Parse(addr)
	l := &lossy{proxy: httputil.NewSingleHostReverseProxy(u), limit: drops}
	srv := httptest.NewServer(l)
	t.Cleanup(srv.Close)
	cfg := api.DefaultConfig()
	cfg.Address = srv.URL
	cfg.MaxRetries = retries
	c, err := api.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(token)
	return vaultkv.NewFromClient(c, "secret"), l
}

// With the client's own retries off, the lost answer surfaces as a
// retryable error; our retry then finds the landed write.
func TestLostAnswerThenRetry(t *testing.T) {
	st, l := lossyStore(t, 0, 1)
	name := "lossy/manual"
	values := map[string]string{"A": storetest.Password()}
	_, err := st.Write(t.Context(), name, values, "", remediate.Meta{})
	if !errors.Is(err, remediate.ErrUnavailable) || !remediate.IsRetryable(err) {
		t.Fatalf("err = %v, want retryable ErrUnavailable", err)
	}
	if l.drops.Load() != 1 {
		t.Fatalf("proxy dropped %d answers", l.drops.Load())
	}
	v, err := st.Write(t.Context(), name, values, "", remediate.Meta{})
	if err != nil || v != "1" {
		t.Fatalf("retry: version %q err %v, want \"1\"", v, err)
	}
	if n, _ := (counted{st}).VersionCount(t.Context(), name); n != 1 {
		t.Errorf("%d versions, want 1", n)
	}
	// Same for an update.
	next := map[string]string{"A": storetest.Password()}
	l.limit++
	if _, err := st.Write(t.Context(), name, next, "1", remediate.Meta{}); !remediate.IsRetryable(err) {
		t.Fatalf("update: err = %v, want retryable", err)
	}
	if v, err := st.Write(t.Context(), name, next, "1", remediate.Meta{}); err != nil || v != "2" {
		t.Fatalf("update retry: version %q err %v, want \"2\"", v, err)
	}
	if n, _ := (counted{st}).VersionCount(t.Context(), name); n != 2 {
		t.Errorf("%d versions, want 2", n)
	}
}

// With the Vault client's default retries (it retries 5xx), the retry
// happens inside the client and Write succeeds with one version.
func TestLostAnswerClientRetry(t *testing.T) {
	st, l := lossyStore(t, 2, 1)
	name := "lossy/client"
	v, err := st.Write(t.Context(), name, map[string]string{"A": storetest.Password()}, "", remediate.Meta{})
	if err != nil || v != "1" || l.drops.Load() != 1 {
		t.Fatalf("version %q err %v drops %d", v, err, l.drops.Load())
	}
	if n, _ := (counted{st}).VersionCount(t.Context(), name); n != 1 {
		t.Errorf("%d versions, want 1", n)
	}
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "http://" + l.Addr().String()
	l.Close()
	cfg := api.DefaultConfig()
	cfg.Address = addr
	cfg.MaxRetries = 0
	c, err := api.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken("unused")
	_, err = vaultkv.NewFromClient(c, "").Read(t.Context(), "app")
	if !remediate.IsRetryable(err) || !strings.Contains(err.Error(), "cannot reach Vault") {
		t.Errorf("err = %v, want retryable and a clear message", err)
	}
}

func TestNonStringValuesAreRejected(t *testing.T) {
	st := rootStore(t)
	planted := storetest.Password()
	if _, err := st.Client().KVv2("secret").Put(t.Context(), "foreign/app", map[string]any{"PORT": 5432, "PW": planted}); err != nil {
		t.Fatal(err)
	}
	_, err := st.Read(t.Context(), "foreign/app")
	if !errors.Is(err, remediate.ErrInvalid) || !strings.Contains(err.Error(), `"PORT"`) || strings.Contains(err.Error(), planted) {
		t.Errorf("err = %v, want ErrInvalid naming PORT", err)
	}
}

func TestStubErrors(t *testing.T) {
	for status, want := range map[int]error{
		http.StatusForbidden:           remediate.ErrUnauthorized,
		http.StatusTooManyRequests:     remediate.ErrUnavailable,
		http.StatusServiceUnavailable:  remediate.ErrUnavailable,
		http.StatusInternalServerError: remediate.ErrUnavailable,
	} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				fmt.Fprint(w, `{"errors":["stub says no"]}`)
			}))
			t.Cleanup(srv.Close)
			cfg := api.DefaultConfig()
			cfg.Address = srv.URL
			cfg.MaxRetries = 0
			c, err := api.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			c.SetToken("unused")
			_, err = vaultkv.NewFromClient(c, "").Read(t.Context(), "app")
			if !errors.Is(err, want) || remediate.IsRetryable(err) != errors.Is(want, remediate.ErrUnavailable) {
				t.Errorf("err = %v, want %v", err, want)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", status)) {
				t.Errorf("err %q lacks the status", err)
			}
		})
	}
}

// TestRecordMetaAfterDataOnly: a run stopped between the data write and
// the metadata PATCH left a path with values and no custom metadata;
// RecordMeta, which Apply calls for values already present, completes it.
func TestRecordMetaAfterDataOnly(t *testing.T) {
	st := rootStore(t)
	kv := st.Client().KVv2("secret")
	name := "meta/data-only"
	if _, err := kv.Put(t.Context(), name, map[string]any{"A": storetest.Password()}); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordMeta(t.Context(), name, remediate.Meta{Sources: []string{"deploy/values.yaml"}}); err != nil {
		t.Fatal(err)
	}
	md, err := kv.GetMetadata(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	if md.CustomMetadata["managed-by"] != "secretlint" || md.CustomMetadata["secretlint-source"] != "deploy/values.yaml" {
		t.Errorf("custom_metadata = %v, want managed-by and the source recorded", md.CustomMetadata)
	}
}

// TestWrongTokenNamesThePolicy: a token Vault refuses before any secret is
// named gets the paths it needs spelled out, with the prefix as a
// placeholder, not the mount's name as a secret path.
func TestWrongTokenNamesThePolicy(t *testing.T) {
	addr, _ := testenv.Vault(t)
	_, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: "hvs.not-a-token-of-this-server"})
	if err == nil {
		t.Fatal("a wrong token was accepted")
	}
	msg := err.Error()
	if !errors.Is(err, remediate.ErrUnauthorized) || !strings.Contains(msg, "secret/data/<prefix>/*") || strings.Contains(msg, "secret/data/secret") {
		t.Errorf("error %q: want ErrUnauthorized naming secret/data/<prefix>/*", msg)
	}
}
