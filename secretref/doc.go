// Package secretref reads secrets by reference at run time, so that a
// program holds no secret in its source: where the source had a literal,
// it calls Get or MustGet with a reference in the vals syntax, and the
// value comes from AWS Secrets Manager or HashiCorp Vault when it runs.
//
//	ref+awssecrets://NAME#/KEY          AWS Secrets Manager: key KEY of the JSON object in secret NAME
//	ref+vault://MOUNT/PATH#/KEY         Vault KV (v2 or v1): field KEY of the secret at MOUNT/PATH
//
// These are the references that `secretlint remediate` writes, in Go
// source and in YAML alike, and that vals and helmfile resolve too.
//
// # Use
//
//	import (
//		"github.com/secretlint-go/secretlint/secretref"
//		_ "github.com/secretlint-go/secretlint/secretref/awssecrets" // enables ref+awssecrets://
//	)
//
//	// Package-level variables: MustGet panics if the value cannot be read.
//	var apiKey = secretref.MustGet("ref+awssecrets://prod/billing/stripe#/api_key")
//
//	func connect(ctx context.Context) (*sql.DB, error) {
//		pw, err := secretref.Get(ctx, "ref+vault://secret/billing/db#/password")
//		if err != nil {
//			return nil, err
//		}
//		...
//	}
//
// # Backends, and keeping a cloud SDK out of a program
//
// This package itself imports no cloud SDK. Each store is a backend in its
// own package that registers itself when imported:
//
//	secretref/awssecrets   ref+awssecrets://   links the AWS SDK for Go v2 (secretsmanager)
//	secretref/vault        ref+vault://        links github.com/hashicorp/vault/api
//	secretref/all          both
//
// A program that must not link the AWS SDK imports only secretref/vault,
// and the reverse. Go links only the packages a program imports, so
// separate packages are all that is needed; build tags were not chosen,
// because they would have to be set on every build of every program and a
// forgotten tag would fail at run time instead of at build time.
// `secretlint remediate` adds the blank import of the backend a reference
// needs next to each rewritten call. A reference whose scheme has no
// backend fails with ErrNoBackend, naming the package to import.
//
// Configuration comes from the environment, as for the AWS and Vault
// CLIs: the AWS SDK's default chain (AWS_PROFILE, AWS_REGION, SSO, roles;
// AWS_ENDPOINT_URL for an emulator), and VAULT_ADDR, VAULT_TOKEN (or the
// token helper, ~/.vault-token), VAULT_NAMESPACE. A program that builds
// its own clients passes backends made with awssecrets.New or vault.New in
// Options.Backends, and installs the Resolver with SetDefault.
//
// # Caching and round trips
//
// A Resolver caches each secret (a location, whatever the key) for a TTL,
// five minutes by default or $SECRETREF_TTL for the default Resolver.
// Within the TTL, Gets are served from memory; concurrent Gets of one
// secret share a single fetch (the first caller's fetch; the others wait
// for it). So a program makes at most one round trip per secret per TTL,
// however many goroutines read it and however many keys it has (Vault
// adds one lookup per mount per process, to learn its KV version). Failed
// fetches are not cached. A fetch is bounded by Options.FetchTimeout and
// runs detached from the caller's context, so one caller giving up does
// not fail the others; each caller stops waiting when its own context
// ends. After a rotation, the new value is read when the TTL ends, or at
// once after Forget.
//
// # What it never does
//
// It never logs, and its errors (always an *Error, matching the sentinels
// ErrNotFound, ErrNoKey, ErrUnauthorized, ErrUnavailable, ErrBadRef and
// ErrNoBackend) name the reference and the operation, never a value: SDK
// errors are reduced to their codes, statuses and request ids.
//
// # Tests of programs that use it
//
// Install a Resolver over Static values:
//
//	secretref.SetDefault(secretref.New(secretref.Options{Backends: map[string]secretref.Backend{
//		"awssecrets": secretref.Static{"prod/billing/stripe": {"api_key": "test-key"}},
//	}}))
package secretref
