// Package memstore is an in-memory remediate.Store for tests.
//
// It keeps every version of every secret and implements the Store contract
// exactly (create, check-and-set, idempotent retries), so that the
// remediation engine can be tested without a cloud. Its fault hooks make a
// chosen call fail, either before it takes effect or after (a Write that
// landed but whose answer was lost, as in a timeout), and BeforeWrite lets a
// test change a secret between the engine's Read and its Write.
//
// memstore emulates the reference syntax of the backend named by
// Options.Kind; versions are decimal numbers starting at "1", as in Vault.
package memstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/secretlint-go/secretlint/remediate"
)

// Op names a Store method for fault injection.
type Op string

const (
	OpRead  Op = "read"
	OpWrite Op = "write"
)

// Options configures a Store.
type Options struct {
	// Kind is the backend whose Kind and Ref are emulated: "vault" (the
	// default) or "aws".
	Kind string
	// Mount is the Vault mount used in references (default "secret").
	Mount string
	// Now is the clock of the times Describe reports (default time.Now).
	Now func() time.Time
}

// Store is an in-memory remediate.Store. The zero value is not usable; call
// New. It is safe for concurrent use.
type Store struct {
	kind, mount string
	now         func() time.Time

	mu          sync.Mutex
	secrets     map[string]*secret
	calls       map[Op]int
	faults      []*fault
	beforeWrite func(name string)
}

type secret struct {
	versions []version // versions[i] is version i+1
	meta     remediate.Meta
	// managed: written through Write (as remediation does), so tagged
	// managed-by=secretlint; see inspect.go for the other fields.
	managed     bool
	deleted     bool
	rotation    *bool
	lastRotated time.Time
}

type version struct {
	values  map[string]string
	created time.Time
}

type fault struct {
	op    Op
	at    int // absolute call number of op that fails
	err   error
	after bool // fail after the call took effect
}

var _ remediate.Store = (*Store)(nil)

// New returns an empty Store.
func New(opts Options) *Store {
	s := &Store{
		kind:    opts.Kind,
		mount:   opts.Mount,
		secrets: map[string]*secret{},
		calls:   map[Op]int{},
	}
	if s.kind == "" {
		s.kind = "vault"
	}
	if s.mount == "" {
		s.mount = "secret"
	}
	s.now = opts.Now
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Kind returns the emulated backend kind.
func (s *Store) Kind() string { return s.kind }

// Ref returns the reference in the emulated backend's syntax.
func (s *Store) Ref(name, key string) string {
	if s.kind == "aws" {
		return remediate.AWSRef(name, key)
	}
	return remediate.VaultRef(s.mount, name, key)
}

// FailNth makes the nth call of op from now on (n = 1 is the next call)
// fail with err without taking effect.
func (s *Store) FailNth(op Op, n int, err error) {
	s.addFault(op, n, err, false)
}

// FailNthAfterWrite makes the nth Write from now on take effect and then
// return err, as a Write whose request landed but whose answer was lost.
func (s *Store) FailNthAfterWrite(n int, err error) {
	s.addFault(OpWrite, n, err, true)
}

func (s *Store) addFault(op Op, n int, err error, after bool) {
	if n < 1 {
		panic("memstore: fault call number must be at least 1")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{op: op, at: s.calls[op] + n, err: err, after: after})
}

// BeforeWrite installs f to run at the start of every Write, before the
// version check, without the store's lock held: f may call Put to simulate
// a concurrent writer. A nil f removes the hook.
func (s *Store) BeforeWrite(f func(name string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beforeWrite = f
}

// Calls returns how many times op was called, faulty calls included.
func (s *Store) Calls(op Op) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// Versions returns how many versions are stored under name (0 if none).
func (s *Store) Versions(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.secrets[name]; sec != nil {
		return len(sec.versions)
	}
	return 0
}

// VersionCount is Versions in the form storetest looks for.
func (s *Store) VersionCount(_ context.Context, name string) (int, error) {
	return s.Versions(name), nil
}

// Meta returns the metadata recorded by the last Write of name.
func (s *Store) Meta(name string) (remediate.Meta, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.secrets[name]
	if sec == nil {
		return remediate.Meta{}, false
	}
	return sec.meta, true
}

// Names returns the stored names, sorted.
func (s *Store) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.secrets))
}

// Put stores values as a new version of name unconditionally, bypassing
// faults and the version check, and returns the new version. Tests use it
// to seed the store or to play a concurrent writer.
func (s *Store) Put(name string, values map[string]string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var meta remediate.Meta
	if sec := s.secrets[name]; sec != nil {
		meta = sec.meta // a new version keeps the secret's metadata, as in the stores
	}
	return s.putLocked(name, values, meta)
}

func (s *Store) putLocked(name string, values map[string]string, meta remediate.Meta) string {
	sec := s.secrets[name]
	if sec == nil {
		sec = &secret{}
		s.secrets[name] = sec
	}
	sec.versions = append(sec.versions, version{values: maps.Clone(values), created: s.now()})
	sec.meta = meta
	sec.meta.Sources = slices.Clone(meta.Sources)
	sec.meta.Rules = slices.Clone(meta.Rules)
	return strconv.Itoa(len(sec.versions))
}

// call counts a call of op and returns the fault that hits it, if any.
func (s *Store) callLocked(op Op) *fault {
	s.calls[op]++
	for i, f := range s.faults {
		if f.op == op && f.at == s.calls[op] {
			s.faults = slices.Delete(s.faults, i, i+1)
			return f
		}
	}
	return nil
}

func (s *Store) err(op, name, detail string, err error) error {
	return &remediate.Error{Kind: "memory", Op: op, Name: name, Detail: detail, Err: err}
}

// Read returns the newest version of name.
func (s *Store) Read(ctx context.Context, name string) (remediate.Entry, error) {
	if err := ctx.Err(); err != nil {
		return remediate.Entry{}, s.err("read", name, "", err)
	}
	if err := remediate.ValidateName(name); err != nil {
		return remediate.Entry{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.callLocked(OpRead); f != nil {
		return remediate.Entry{}, s.err("read", name, "injected fault", f.err)
	}
	sec := s.secrets[name]
	if sec == nil {
		return remediate.Entry{}, s.err("read", name, "", remediate.ErrNotFound)
	}
	n := len(sec.versions)
	return remediate.Entry{Values: maps.Clone(sec.versions[n-1].values), Version: strconv.Itoa(n)}, nil
}

// Write implements remediate.Store.Write.
func (s *Store) Write(ctx context.Context, name string, values map[string]string, prev string, meta remediate.Meta) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", s.err("write", name, "", err)
	}
	if err := remediate.ValidateWrite(name, values); err != nil {
		return "", err
	}
	s.mu.Lock()
	hook := s.beforeWrite
	s.mu.Unlock()
	if hook != nil {
		hook(name)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.callLocked(OpWrite)
	if f != nil && !f.after {
		return "", s.err("write", name, "injected fault", f.err)
	}
	v, err := s.writeLocked(name, values, prev, meta)
	if err != nil {
		return "", err
	}
	if f != nil {
		return "", s.err("write", name, "injected fault after the write took effect", f.err)
	}
	return v, nil
}

func (s *Store) writeLocked(name string, values map[string]string, prev string, meta remediate.Meta) (string, error) {
	sec := s.secrets[name]
	var current string
	if sec != nil {
		current = strconv.Itoa(len(sec.versions))
	}
	if current == prev {
		v := s.putLocked(name, values, meta)
		s.secrets[name].managed = true
		return v, nil
	}
	// The check failed. If the store already holds exactly these values,
	// this is a retry of a Write that landed (or an identical concurrent
	// one): report the current version and write nothing.
	if sec != nil && remediate.EqualValues(sec.versions[len(sec.versions)-1].values, values) {
		return current, nil
	}
	if prev == "" {
		return "", s.err("write", name, "secret already exists", remediate.ErrConflict)
	}
	if sec == nil {
		return "", s.err("write", name, fmt.Sprintf("expected version %s but the secret does not exist", prev), remediate.ErrConflict)
	}
	return "", s.err("write", name, fmt.Sprintf("expected version %s, current is %s", prev, current), remediate.ErrConflict)
}
