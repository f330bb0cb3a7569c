package remediate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// Store is a secret store that remediation moves values into. Each secret
// is a JSON object of string keys to string values stored under a name.
//
// Implementations live in subpackages (awssm, vaultkv, and the in-memory
// fake memstore); this file imports no cloud SDK. storetest.Run checks that
// an implementation keeps the contract below.
//
// Errors returned by a Store name the store kind, the operation and the
// secret name (and a key where one is at fault), never a value. They match
// the sentinels below with errors.Is.
// MetaRecorder is implemented by stores that keep their metadata apart
// from the values (Vault's custom metadata, written after the data). Apply
// records it again for a secret whose values are already present, so that
// a run stopped between the two writes is completed by --resume, and a
// metadata failure is reported every time until it is fixed.
type MetaRecorder interface {
	RecordMeta(ctx context.Context, name string, meta Meta) error
}

type Store interface {
	// Kind names the backend: "aws" or "vault".
	Kind() string

	// Read returns the current values and version stored under name, or an
	// error matching ErrNotFound when there is none.
	Read(ctx context.Context, name string) (Entry, error)

	// Write stores the complete object under name and returns the version
	// it now has.
	//
	// prev == "" means create: Write fails with ErrConflict if name already
	// holds a secret. Otherwise Write is a check-and-set: it succeeds only
	// if the current version is prev, else it fails with ErrConflict and
	// changes nothing.
	//
	// Write is idempotent: when the check fails but the current object is
	// already exactly values (the usual cause is a retry whose first attempt
	// landed, for example after a timeout), Write returns the current
	// version and creates no new one. A retried Write with identical name,
	// values and prev therefore never creates a second version.
	Write(ctx context.Context, name string, values map[string]string, prev string, meta Meta) (version string, err error)

	// Ref returns the vals reference for one key of the secret name, such
	// as ref+awssecrets://NAME#/KEY or ref+vault://MOUNT/NAME#/KEY. The
	// caller checks name and key with ValidateName and ValidateKey first:
	// only such names and keys survive vals' parsing of the reference.
	Ref(name, key string) string
}

// Entry is one secret as read from a Store.
type Entry struct {
	Values  map[string]string
	Version string
}

// Meta describes where the values of a Write came from. Stores record it
// next to the secret (AWS tags and description, Vault custom metadata); it
// never contains values.
type Meta struct {
	// Sources are the repo-relative paths the values came from.
	Sources []string
	// Description is a human-readable note for the secret.
	Description string
	// PlanID, Rules and MovedAt complete the audit trail of a move (see
	// inspect.go): the plan that moved the values, the rules that found
	// them and when. Zero values are left out.
	PlanID  string
	Rules   []string
	MovedAt time.Time
}

// Sentinel errors returned (wrapped) by Store implementations.
var (
	// ErrNotFound: no secret is stored under the name.
	ErrNotFound = errors.New("secret not found")
	// ErrConflict: the secret exists (create) or its current version is not
	// the expected one (check-and-set). Nothing was written; read again,
	// merge and retry.
	ErrConflict = errors.New("secret changed concurrently or already exists")
	// ErrUnauthorized: the credentials are missing, invalid or expired, or
	// lack a permission.
	ErrUnauthorized = errors.New("not authorized")
	// ErrUnavailable: the store throttled the request or failed on its side
	// (HTTP 429/5xx, sealed Vault). IsRetryable reports true.
	ErrUnavailable = errors.New("store temporarily unavailable")
	// ErrInvalid: a name, key or value that no store here can hold, or that
	// vals could not reference.
	ErrInvalid = errors.New("invalid secret name, key or value")
	// ErrKeyExists: MergeValues found a key that already holds a different
	// value. Remediation never overwrites a stored value.
	ErrKeyExists = errors.New("key already holds a different value")
)

// Error is the error type Store implementations return for failed
// operations. Its message names the store kind, the operation and the secret
// name, never a value. Err is a sentinel from this package, possibly joined
// with a transport error (timeout, refused connection) that IsRetryable
// inspects; SDK errors are reduced to their code (Code) and never wrapped,
// because their messages may echo request parameters.
type Error struct {
	Kind   string // "aws", "vault" or "memory"
	Op     string // "read", "write", ...
	Name   string // the secret name
	Code   string // backend error code or HTTP status, if any
	Detail string // a short explanation that contains no value
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s secret %q", e.Kind, e.Op, e.Name)
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// IsRetryable reports whether err is transient, so that the same call may
// succeed later: throttling and server-side failures (ErrUnavailable),
// timeouts (including a per-call context deadline), and refused or reset
// connections. Cancellation, ErrConflict and ErrUnauthorized are not
// retryable. Because Write is idempotent, retrying a Write that timed out
// is safe even if the first attempt landed.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var r interface{ Retryable() bool }
	if errors.As(err, &r) {
		return r.Retryable()
	}
	return false
}

// IdempotencyToken returns a deterministic token for one Write: the same
// name, key set and prev always give the same token, so a retried Write is
// recognised by AWS Secrets Manager as the same request (it becomes the
// ClientRequestToken, and so the VersionId, of the version created). It has
// the shape of a UUID (36 characters, within AWS's 32–64).
//
// The token is a SHA-256 hash over the name, prev and the sorted keys. It
// deliberately leaves the values out: AWS logs ClientRequestToken in
// CloudTrail and shows it as the VersionId to anyone allowed to describe
// the secret, and a plain hash of a low-entropy value would let them test
// guesses offline. Leaving values out costs nothing for idempotency: two
// Writes with the same name, keys and prev but different values cannot both
// succeed anyway (after the first lands, the second fails its check on
// prev), and each Store compares the stored values before declaring a
// retry a success.
func IdempotencyToken(name string, values map[string]string, prev string) string {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field("secretlint idempotency token v1")
	field(name)
	field(prev)
	for _, k := range slices.Sorted(maps.Keys(values)) {
		field(k)
	}
	sum := h.Sum(nil)[:16]
	// Mark it as a UUID of version 8 (custom), RFC 9562 variant.
	sum[6] = sum[6]&0x0f | 0x80
	sum[8] = sum[8]&0x3f | 0x80
	x := hex.EncodeToString(sum)
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// MergeValues returns a new map holding current plus updates. changed is
// false when every update is already present with the same value, so that
// the caller can skip the Write (a rerun creates no new version). A key
// present in current with a different value is an error matching
// ErrKeyExists that names the key: remediation never overwrites a stored
// value. Neither input is modified.
func MergeValues(current, updates map[string]string) (merged map[string]string, changed bool, err error) {
	merged = make(map[string]string, len(current)+len(updates))
	maps.Copy(merged, current)
	for _, k := range slices.Sorted(maps.Keys(updates)) {
		v := updates[k]
		old, ok := current[k]
		switch {
		case !ok:
			merged[k] = v
			changed = true
		case old != v:
			return nil, false, fmt.Errorf("merging key %q: %w", k, ErrKeyExists)
		}
	}
	return merged, changed, nil
}

// EqualValues reports whether a and b hold exactly the same keys and values.
func EqualValues(a, b map[string]string) bool {
	return maps.Equal(a, b)
}

// MaxNameLen is the longest secret name accepted (AWS Secrets Manager's limit).
const MaxNameLen = 512

// ValidateName checks that name can be stored by every backend here and
// referenced by vals: one or more "/"-separated segments of ASCII letters,
// digits, '.', '_' and '-', without empty, "." or ".." segments.
//
// The set is the intersection of what the stores accept and what survives
// vals: vals finds a reference in text with the pattern
// ref+SCHEME://[^+\n]+ (so '+' ends it), parses it with net/url (so '@',
// '?', '#', '%' and spaces change its meaning) and joins host and path
// (helmfile/vals vals.go and pkg/expansion/expand_match.go).
func ValidateName(name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("secret name must be 1 to %d characters: %w", MaxNameLen, ErrInvalid)
	}
	for seg := range strings.SplitSeq(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("secret name %q has an empty, \".\" or \"..\" path segment: %w", name, ErrInvalid)
		}
		if i := strings.IndexFunc(seg, notRefSafe); i >= 0 {
			return fmt.Errorf("secret name %q: character %q is not allowed (use letters, digits, '.', '_', '-' and '/'): %w", name, seg[i], ErrInvalid)
		}
	}
	return nil
}

// MaxKeyLen is the longest key accepted.
const MaxKeyLen = 128

// ValidateKey checks that key can be referenced by vals: ASCII letters,
// digits, '.', '_' and '-'. A '/' is not allowed because vals splits the
// fragment of a reference (#/a/b) on '/' to walk nested objects.
func ValidateKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return fmt.Errorf("key must be 1 to %d characters: %w", MaxKeyLen, ErrInvalid)
	}
	if i := strings.IndexFunc(key, notRefSafe); i >= 0 {
		return fmt.Errorf("key %q: character %q is not allowed (use letters, digits, '.', '_' and '-'): %w", key, key[i], ErrInvalid)
	}
	return nil
}

func notRefSafe(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	case r == '.', r == '_', r == '-':
		return false
	}
	return true
}

// ValidateWrite checks the arguments of Store.Write that every backend
// shares: a valid name, at least one key, no empty key, and values that are
// valid UTF-8 (JSON would otherwise replace bytes and the value would not
// round-trip exactly). Keys already stored need not be ref-safe, so only
// emptiness is checked here; keys a caller adds go through ValidateKey.
// Errors name the key, never the value.
func ValidateWrite(name string, values map[string]string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	if len(values) == 0 {
		return fmt.Errorf("secret %q: no values to write: %w", name, ErrInvalid)
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if k == "" {
			return fmt.Errorf("secret %q: empty key: %w", name, ErrInvalid)
		}
		if !utf8.ValidString(k) || !utf8.ValidString(values[k]) {
			return fmt.Errorf("secret %q key %q: key or value is not valid UTF-8: %w", name, k, ErrInvalid)
		}
	}
	return nil
}

// AWSRef returns the vals reference to key in the AWS Secrets Manager
// secret name.
//
// vals documents the form ref+awssecrets://PATH/TO/SECRET[?region=...]#/yaml_or_json_key/in/secret
// (helmfile/vals README, "AWS Secrets Manager"): it reads the secret's
// SecretString, parses it as YAML (JSON is YAML) and walks the fragment
// split on '/' (vals.go; pkg/providers/awssecrets/awssecrets.go).
func AWSRef(name, key string) string {
	return "ref+awssecrets://" + name + "#/" + key
}

// VaultRef returns the vals reference to key in the Vault KV secret at
// mount/path.
//
// vals documents ref+vault://PATH/TO/KVBACKEND[?address=...]#/fieldkey
// (helmfile/vals README, "Vault"). The path is the logical KV path without
// "data/": vals asks Vault for the mount of the path
// (sys/internal/ui/mounts/PATH), and for a KV v2 mount inserts "data/"
// after the mount itself (pkg/providers/vault/vault.go and kv_helper.go).
func VaultRef(mount, path, key string) string {
	return "ref+vault://" + strings.Trim(mount, "/") + "/" + path + "#/" + key
}
