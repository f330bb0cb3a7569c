// Package vaultkv is a remediate.Store backed by a HashiCorp Vault KV
// version 2 secrets engine.
//
// A secret is the data of one KV path, with string values; its version is
// the KV version number ("1", "2", ...). Writes use KV v2 check-and-set
// (cas=0 to create, cas=N to replace version N), which Vault applies
// atomically. Each write also records custom metadata on the path:
// managed-by=secretlint and secretlint-source (the source paths, merged
// with those already recorded). Source code refers to a value as
// ref+vault://MOUNT/PATH#/KEY, the logical path without "data/" (see
// remediate.VaultRef).
//
// # Configuration
//
// New follows the Vault CLI: VAULT_ADDR (and the other VAULT_* client
// variables such as VAULT_CACERT), VAULT_TOKEN, then the token helper
// configured in ~/.vault (by default the file ~/.vault-token written by
// `vault login`), and VAULT_NAMESPACE. Options override each of them.
//
// # Policy
//
// The token needs, for the mount (here "secret") and the paths written:
//
//	path "secret/data/*"     { capabilities = ["create", "read", "update"] }
//	path "secret/metadata/*" { capabilities = ["read", "patch"] }
//
// plus read on sys/internal/ui/mounts/secret, which Vault grants to any
// token that can use the mount.
//
// # Deleted secrets
//
// A path whose newest version is deleted (vault kv delete) or destroyed
// reads as absent (ErrNotFound), and a create (prev "") writes over it as
// the next version.
package vaultkv

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/vault/api"

	"github.com/secretlint-go/secretlint/internal/vaultenv"
	"github.com/secretlint-go/secretlint/remediate"
)

// Options configures a Store. Empty fields fall back to the environment
// (see the package comment).
type Options struct {
	Address   string // overrides VAULT_ADDR
	Token     string // overrides VAULT_TOKEN and the token helper
	Namespace string // overrides VAULT_NAMESPACE (Vault Enterprise)
	Mount     string // KV v2 mount path; default "secret"
}

// Custom metadata keys written on every path a Store writes.
const (
	MetaManagedBy   = "managed-by"
	MetaSource      = "secretlint-source"
	MetaDescription = "secretlint-description"
)

// Store is a remediate.Store in a Vault KV v2 mount.
type Store struct {
	client *api.Client
	kv     *api.KVv2
	mount  string
}

var (
	_ remediate.Store     = (*Store)(nil)
	_ remediate.Inspector = (*Store)(nil)
)

// New configures a client as described in the package comment and checks
// that the mount exists and is KV version 2.
func New(ctx context.Context, opts Options) (*Store, error) {
	client, err := vaultenv.NewClient(vaultenv.Options{Address: opts.Address, Token: opts.Token, Namespace: opts.Namespace})
	if errors.Is(err, vaultenv.ErrNoToken) {
		return nil, fmt.Errorf("%w: %w", err, remediate.ErrUnauthorized)
	}
	if err != nil {
		return nil, err
	}
	s := NewFromClient(client, opts.Mount)
	if err := s.checkMount(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// NewFromClient returns a Store over a configured client without checking
// the mount. mount defaults to "secret".
func NewFromClient(client *api.Client, mount string) *Store {
	mount = strings.Trim(mount, "/")
	if mount == "" {
		mount = "secret"
	}
	return &Store{client: client, kv: client.KVv2(mount), mount: mount}
}

// Client returns the underlying Vault client.
func (s *Store) Client() *api.Client { return s.client }

// checkMount asks Vault which mount serves s.mount and its KV version,
// the same preflight request the Vault CLI and vals make.
func (s *Store) checkMount(ctx context.Context) error {
	sec, err := s.client.Logical().ReadWithContext(ctx, "sys/internal/ui/mounts/"+s.mount)
	if err != nil {
		return s.fail(ctx, "check mount", s.mount, err)
	}
	if sec == nil || sec.Data == nil {
		return &remediate.Error{Kind: "vault", Op: "check mount", Name: s.mount, Detail: "no such mount", Err: remediate.ErrNotFound}
	}
	if path, _ := sec.Data["path"].(string); strings.Trim(path, "/") != s.mount {
		return &remediate.Error{Kind: "vault", Op: "check mount", Name: s.mount,
			Detail: fmt.Sprintf("%q is not a mount itself (it is under %q); give the mount path", s.mount, path), Err: remediate.ErrInvalid}
	}
	if typ, _ := sec.Data["type"].(string); typ != "kv" {
		return &remediate.Error{Kind: "vault", Op: "check mount", Name: s.mount,
			Detail: fmt.Sprintf("mount is a %q secrets engine, not kv", typ), Err: remediate.ErrInvalid}
	}
	opts, _ := sec.Data["options"].(map[string]any)
	if v, _ := opts["version"].(string); v != "2" {
		return &remediate.Error{Kind: "vault", Op: "check mount", Name: s.mount,
			Detail: "mount is KV version 1; secretlint needs KV version 2 for check-and-set (vault kv enable-versioning " + s.mount + ")", Err: remediate.ErrInvalid}
	}
	return nil
}

// Kind returns "vault".
func (s *Store) Kind() string { return "vault" }

// Ref returns ref+vault://MOUNT/NAME#/KEY.
func (s *Store) Ref(name, key string) string { return remediate.VaultRef(s.mount, name, key) }

// Read returns the newest version of name.
func (s *Store) Read(ctx context.Context, name string) (remediate.Entry, error) {
	if err := remediate.ValidateName(name); err != nil {
		return remediate.Entry{}, err
	}
	e, _, err := s.current(ctx, "read", name)
	return e, err
}

// current reads the newest version. If that version is deleted or
// destroyed it returns ErrNotFound and the version number, so that a
// create can write over it.
func (s *Store) current(ctx context.Context, op, name string) (e remediate.Entry, deleted int, err error) {
	sec, err := s.kv.Get(ctx, name)
	if errors.Is(err, api.ErrSecretNotFound) {
		return e, 0, &remediate.Error{Kind: "vault", Op: op, Name: name, Err: remediate.ErrNotFound}
	}
	if err != nil {
		return e, 0, s.fail(ctx, op, name, err)
	}
	version := 0
	if sec.VersionMetadata != nil {
		version = sec.VersionMetadata.Version
	}
	if sec.Data == nil {
		return e, version, &remediate.Error{Kind: "vault", Op: op, Name: name,
			Detail: fmt.Sprintf("newest version %d is deleted", version), Err: remediate.ErrNotFound}
	}
	values := make(map[string]string, len(sec.Data))
	for _, k := range slices.Sorted(maps.Keys(sec.Data)) {
		v, ok := sec.Data[k].(string)
		if !ok {
			return e, 0, &remediate.Error{Kind: "vault", Op: op, Name: name,
				Detail: fmt.Sprintf("key %q holds a %T, not a string; secretlint manages only string values", k, sec.Data[k]), Err: remediate.ErrInvalid}
		}
		values[k] = v
	}
	return remediate.Entry{Values: values, Version: strconv.Itoa(version)}, 0, nil
}

// Write implements remediate.Store.Write with KV v2 check-and-set.
func (s *Store) Write(ctx context.Context, name string, values map[string]string, prev string, meta remediate.Meta) (string, error) {
	if err := remediate.ValidateWrite(name, values); err != nil {
		return "", err
	}
	cas := 0
	if prev != "" {
		n, err := strconv.Atoi(prev)
		if err != nil || n < 1 {
			return "", &remediate.Error{Kind: "vault", Op: "write", Name: name,
				Detail: fmt.Sprintf("expected version %q is not a Vault version number", prev), Err: remediate.ErrConflict}
		}
		cas = n
	}
	data := make(map[string]any, len(values))
	for k, v := range values {
		data[k] = v
	}

	sec, err := s.kv.Put(ctx, name, data, api.WithCheckAndSet(cas))
	if err != nil && isCASFailure(err) {
		cur, deleted, rerr := s.current(ctx, "write", name)
		switch {
		case rerr == nil && remediate.EqualValues(cur.Values, values):
			// Our earlier attempt landed (a retry), or an identical
			// write did: nothing to do but record the metadata.
			return cur.Version, s.recordMeta(ctx, name, meta)
		case prev == "" && deleted > 0:
			// Create over a path whose newest version is deleted.
			sec, err = s.kv.Put(ctx, name, data, api.WithCheckAndSet(deleted))
		case prev == "":
			return "", &remediate.Error{Kind: "vault", Op: "write", Name: name, Detail: "secret already exists", Err: remediate.ErrConflict}
		case rerr == nil:
			return "", &remediate.Error{Kind: "vault", Op: "write", Name: name,
				Detail: fmt.Sprintf("expected version %s, current is %s", prev, cur.Version), Err: remediate.ErrConflict}
		default:
			return "", &remediate.Error{Kind: "vault", Op: "write", Name: name,
				Detail: fmt.Sprintf("expected version %s, but the secret has no current version", prev), Err: remediate.ErrConflict}
		}
		if err != nil && isCASFailure(err) {
			return "", &remediate.Error{Kind: "vault", Op: "write", Name: name, Detail: "secret changed during the write", Err: remediate.ErrConflict}
		}
	}
	if err != nil {
		return "", s.fail(ctx, "write", name, err)
	}
	version := strconv.Itoa(sec.VersionMetadata.Version)
	if err := s.recordMeta(ctx, name, meta); err != nil {
		return "", err
	}
	return version, nil
}

// RecordMeta implements remediate.MetaRecorder: the custom metadata of a
// path whose values are already stored (a resumed run, a value written by
// an earlier one).
func (s *Store) RecordMeta(ctx context.Context, name string, meta remediate.Meta) error {
	return s.recordMeta(ctx, name, meta)
}

// recordMeta merges our custom metadata into the path's, with a PATCH so
// that other custom metadata and settings such as max_versions are kept.
// A failure is returned (after the data was written): Write's idempotency
// makes the caller's retry safe, and the retry records the metadata.
func (s *Store) recordMeta(ctx context.Context, name string, meta remediate.Meta) error {
	md, err := s.kv.GetMetadata(ctx, name)
	if err != nil {
		return s.metaFail(ctx, name, err)
	}
	custom := map[string]any{MetaManagedBy: "secretlint"}
	var sources []string
	if old, _ := md.CustomMetadata[MetaSource].(string); old != "" {
		sources = strings.Split(old, ", ")
	}
	for _, src := range meta.Sources {
		if !slices.Contains(sources, src) {
			sources = append(sources, src)
		}
	}
	if len(sources) > 0 {
		custom[MetaSource] = truncate(strings.Join(sources, ", "), maxMetaValue)
	}
	if meta.Description != "" {
		custom[MetaDescription] = truncate(meta.Description, maxMetaValue)
	}
	for k, v := range remediate.TrailOf(meta) {
		custom[k] = truncate(v, maxMetaValue)
	}
	same := true
	for k, v := range custom {
		if md.CustomMetadata[k] != v {
			same = false
		}
	}
	if same {
		return nil
	}
	if err := s.kv.PatchMetadata(ctx, name, api.KVMetadataPatchInput{CustomMetadata: custom}); err != nil {
		return s.metaFail(ctx, name, err)
	}
	return nil
}

func (s *Store) metaFail(ctx context.Context, name string, err error) error {
	e := s.fail(ctx, "record metadata of", name, err)
	e.Detail = strings.TrimPrefix(e.Detail+"; the values were stored, retry the write to record the metadata", "; ")
	return e
}

// maxMetaValue is Vault's limit on a custom metadata value, in bytes.
const maxMetaValue = 512

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n-3]
	for len(s) > 0 && s[len(s)-1]&0xc0 == 0x80 { // do not split a UTF-8 sequence
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] >= 0xc0 {
		s = s[:len(s)-1]
	}
	return s + "..."
}

// isCASFailure reports Vault's answer to a check-and-set whose version
// does not match: HTTP 400 "check-and-set parameter did not match the
// current version".
func isCASFailure(err error) bool {
	var re *api.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusBadRequest {
		return false
	}
	for _, m := range re.Errors {
		if strings.Contains(m, "check-and-set") {
			return true
		}
	}
	return false
}

// fail maps a Vault client error onto remediate's sentinels. Vault's error
// messages (which name paths and reasons, not data) are kept, shortened;
// transport errors keep their net error for IsRetryable. The result is
// never nil.
func (s *Store) fail(ctx context.Context, op, name string, err error) *remediate.Error {
	e := &remediate.Error{Kind: "vault", Op: op, Name: name}
	var re *api.ResponseError
	if errors.As(err, &re) {
		e.Code = fmt.Sprintf("HTTP %d", re.StatusCode)
		e.Detail = truncate(strings.Join(strings.Fields(strings.Join(re.Errors, "; ")), " "), 200)
		switch {
		case re.StatusCode == http.StatusNotFound:
			e.Err = remediate.ErrNotFound
		case re.StatusCode == http.StatusUnauthorized || re.StatusCode == http.StatusForbidden:
			e.Err = remediate.ErrUnauthorized
			if op == "check mount" {
				// Before any secret: the token may lack everything.
				e.Detail += fmt.Sprintf(" (the token needs read on sys/internal/ui/mounts/%s, create, read and update on %s/data/<prefix>/* and read and patch on %s/metadata/<prefix>/*, where <prefix> is remediate's --prefix)", s.mount, s.mount, s.mount)
			} else {
				e.Detail += fmt.Sprintf(" (the token needs create, read and update on %s/data/%s and read and patch on %s/metadata/%s)", s.mount, name, s.mount, name)
			}
		case re.StatusCode == http.StatusTooManyRequests || re.StatusCode == http.StatusPreconditionFailed || re.StatusCode >= 500:
			// 412: a performance standby has not caught up yet; 503: sealed.
			e.Err = remediate.ErrUnavailable
		default:
			e.Err = errors.New("request rejected")
		}
		return e
	}
	if ctxErr := ctx.Err(); ctxErr != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		e.Err = ctxErr
		return e
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		e.Detail = "cannot reach Vault"
		e.Err = oe
		return e
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		e.Detail = "cannot reach Vault"
		e.Err = ue
		return e
	}
	e.Err = errors.New(err.Error())
	return e
}
