// Package vault is the secretref backend for HashiCorp Vault KV secrets
// engines (version 2, and version 1): importing it, even blank, makes
// secretref.Get read references of the form
//
//	ref+vault://MOUNT/PATH[?address=A&namespace=N&version=V]#/KEY
//
// MOUNT/PATH is the logical path, without KV v2's "data/"; KEY is a field
// of the secret (a/b walks nested objects). This is the vals syntax
// (helmfile/vals, "Vault"), so the references secretlint remediate writes
// resolve the same way with vals, helmfile and this package.
//
// As vals and the Vault CLI do, the backend asks Vault which mount serves
// the path and which KV version it runs (sys/internal/ui/mounts/PATH), and
// reads MOUNT/data/PATH on version 2 or MOUNT/PATH on version 1. Mounts do
// not hold secrets and rarely change, so each mount is looked up once per
// process; after that one fetch is one read request.
//
// The registered backend is configured like the Vault CLI: VAULT_ADDR and
// the other VAULT_* client variables (VAULT_CACERT, ...), VAULT_TOKEN, the
// token helper of ~/.vault (by default ~/.vault-token), VAULT_NAMESPACE; a
// reference's ?address= and ?namespace= override them. A program that
// authenticates itself (AppRole, Kubernetes, ...) passes its client to New
// and hands the result to secretref.Options.Backends.
//
// The token needs read on MOUNT/data/PATH (version 2) or MOUNT/PATH
// (version 1).
package vault

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/vault/api"

	"github.com/secretlint-go/secretlint/secretref"
	"github.com/secretlint-go/secretlint/secretref/vault/internal/vaultenv"
)

// Scheme is the reference scheme this package serves.
const Scheme = "vault"

func init() { secretref.Register(Scheme, &Backend{}) }

// Backend reads secrets from Vault. The zero value configures its client
// from the environment on first use; New uses a given client.
type Backend struct {
	client *api.Client

	mu      sync.Mutex
	clients map[[2]string]*api.Client
	mounts  map[*api.Client][]mount
}

type mount struct {
	path    string // without slashes at either end
	version int    // 1 or 2
}

// New returns a Backend over client. References with ?address= or
// ?namespace= are refused, since client fixes both.
func New(client *api.Client) *Backend { return &Backend{client: client} }

// Fetch reads the secret at ref.Location.
func (b *Backend) Fetch(ctx context.Context, ref secretref.Ref) (secretref.Document, error) {
	if err := secretref.CheckQuery(ref, "address", "namespace", "version"); err != nil {
		return secretref.Document{}, err
	}
	version := ref.Query.Get("version")
	if version != "" {
		if n, err := strconv.Atoi(version); err != nil || n < 1 {
			return secretref.Document{}, &secretref.Error{Op: "parse", Detail: "?version= must be a positive number", Err: secretref.ErrBadRef}
		}
	}
	client, err := b.clientFor(ref.Query.Get("address"), ref.Query.Get("namespace"))
	if err != nil {
		return secretref.Document{}, err
	}
	m, err := b.mountOf(ctx, client, ref.Location)
	if err != nil {
		return secretref.Document{}, err
	}
	path := ref.Location
	var query map[string][]string
	if m.version == 2 {
		rest := strings.TrimPrefix(strings.TrimPrefix(ref.Location, m.path), "/")
		path = m.path + "/data/" + rest
		if version != "" {
			query = map[string][]string{"version": {version}}
		}
	} else if version != "" {
		return secretref.Document{}, &secretref.Error{Op: "fetch", Detail: "?version= needs a KV version 2 mount", Err: secretref.ErrBadRef}
	}
	sec, err := client.Logical().ReadWithDataWithContext(ctx, path, query)
	if err != nil {
		return secretref.Document{}, fail(ctx, err)
	}
	if sec == nil || sec.Data == nil {
		return secretref.Document{}, &secretref.Error{Op: "fetch", Err: secretref.ErrNotFound}
	}
	data := sec.Data
	if m.version == 2 {
		d, ok := sec.Data["data"].(map[string]any)
		if !ok || d == nil {
			return secretref.Document{}, &secretref.Error{Op: "fetch", Detail: "the version read is deleted or destroyed", Err: secretref.ErrNotFound}
		}
		data = d
	}
	return secretref.Document{Data: data}, nil
}

func (b *Backend) clientFor(address, namespace string) (*api.Client, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.client != nil {
		if address != "" || namespace != "" {
			return nil, &secretref.Error{Op: "configure", Detail: "?address= and ?namespace= need the default Vault configuration, but this backend was given a client", Err: secretref.ErrBadRef}
		}
		return b.client, nil
	}
	k := [2]string{address, namespace}
	if c := b.clients[k]; c != nil {
		return c, nil
	}
	c, err := vaultenv.NewClient(vaultenv.Options{Address: address, Namespace: namespace})
	if errors.Is(err, vaultenv.ErrNoToken) {
		return nil, &secretref.Error{Op: "configure", Detail: err.Error(), Err: secretref.ErrUnauthorized}
	}
	if err != nil {
		return nil, &secretref.Error{Op: "configure", Detail: err.Error(), Err: secretref.ErrBadRef}
	}
	if b.clients == nil {
		b.clients = map[[2]string]*api.Client{}
	}
	b.clients[k] = c
	return c, nil
}

// mountOf returns the KV mount serving location, from the mounts already
// seen or by asking Vault.
func (b *Backend) mountOf(ctx context.Context, client *api.Client, location string) (mount, error) {
	b.mu.Lock()
	best := mount{}
	for _, m := range b.mounts[client] {
		if (location == m.path || strings.HasPrefix(location, m.path+"/")) && len(m.path) > len(best.path) {
			best = m
		}
	}
	b.mu.Unlock()
	if best.path != "" {
		return best, nil
	}
	sec, err := client.Logical().ReadWithContext(ctx, "sys/internal/ui/mounts/"+location)
	if err != nil {
		return mount{}, fail(ctx, err)
	}
	if sec == nil || sec.Data == nil {
		return mount{}, &secretref.Error{Op: "fetch", Detail: "no secrets engine is mounted at this path", Err: secretref.ErrNotFound}
	}
	path, _ := sec.Data["path"].(string)
	typ, _ := sec.Data["type"].(string)
	if typ != "kv" && typ != "generic" {
		return mount{}, &secretref.Error{Op: "fetch", Detail: fmt.Sprintf("the mount %q is a %q secrets engine, not kv", path, typ), Err: secretref.ErrBadRef}
	}
	m := mount{path: strings.Trim(path, "/"), version: 1}
	if opts, _ := sec.Data["options"].(map[string]any); opts != nil {
		if v, _ := opts["version"].(string); v == "2" {
			m.version = 2
		}
	}
	if m.path == "" {
		return mount{}, &secretref.Error{Op: "fetch", Detail: "vault named no mount for this path", Err: secretref.ErrNotFound}
	}
	b.mu.Lock()
	if b.mounts == nil {
		b.mounts = map[*api.Client][]mount{}
	}
	b.mounts[client] = append(b.mounts[client], m)
	b.mu.Unlock()
	return m, nil
}

// fail maps a Vault client error onto secretref's sentinels. Vault's error
// strings name paths and reasons, not data; they are kept, shortened.
func fail(ctx context.Context, err error) error {
	e := &secretref.Error{Op: "fetch"}
	var re *api.ResponseError
	if errors.As(err, &re) {
		e.Detail = fmt.Sprintf("HTTP %d", re.StatusCode)
		if msg := strings.Join(strings.Fields(strings.Join(re.Errors, "; ")), " "); msg != "" {
			if len(msg) > 200 {
				msg = msg[:200] + "..."
			}
			e.Detail += ": " + msg
		}
		switch {
		case re.StatusCode == http.StatusNotFound:
			e.Err = secretref.ErrNotFound
		case re.StatusCode == http.StatusUnauthorized || re.StatusCode == http.StatusForbidden:
			e.Err = secretref.ErrUnauthorized
		case re.StatusCode == http.StatusTooManyRequests || re.StatusCode == http.StatusPreconditionFailed || re.StatusCode >= 500:
			e.Err = secretref.ErrUnavailable
		default:
			e.Err = errors.New("request rejected")
		}
		return e
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		e.Err = ctxErr
		return e
	}
	var oe *net.OpError
	var ue *url.Error
	switch {
	case errors.As(err, &oe):
		e.Detail = "cannot reach Vault: " + oe.Error()
	case errors.As(err, &ue):
		e.Detail = "cannot reach Vault: " + ue.Err.Error()
	default:
		e.Detail = err.Error()
	}
	e.Err = secretref.ErrUnavailable
	return e
}
