package secretref

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Default values of Options.
const (
	DefaultTTL          = 5 * time.Minute
	DefaultFetchTimeout = 30 * time.Second
)

// EnvTTL names the environment variable that sets the TTL of the default
// Resolver, as a Go duration ("10m", "30s"; "0" disables caching).
const EnvTTL = "SECRETREF_TTL"

// Options configures a Resolver. The zero value is usable.
type Options struct {
	// TTL is how long a fetched secret is served from memory before the
	// next Get fetches it again. Zero means DefaultTTL; a negative TTL
	// disables caching (concurrent Gets of one secret still share one
	// fetch).
	TTL time.Duration
	// FetchTimeout bounds one fetch from a store. A fetch runs detached
	// from the context of the Get that started it, so that a caller who
	// gives up does not fail the other callers waiting for the same
	// secret; each caller still stops waiting when its own context ends.
	// Zero means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// Backends maps a scheme to its backend. Nil means the backends
	// registered with Register, looked up at each fetch.
	Backends map[string]Backend
	// Now returns the current time; nil means time.Now. For tests.
	Now func() time.Time
}

// Resolver reads references through backends and caches each secret for
// a TTL. It is safe for concurrent use: concurrent Gets of references to
// one secret (the same location, any key) make a single fetch, and every
// caller receives its result. Failed fetches are not cached.
//
// A Resolver never logs and never puts a value in an error.
type Resolver struct {
	opts Options

	mu    sync.Mutex
	cache map[string]*entry

	fetches atomic.Int64
}

type entry struct {
	done    chan struct{} // closed when the fetch has finished
	doc     Document
	fields  map[string]any // doc.Data, or doc.Text parsed as a JSON object (nil if it is not one)
	err     error
	expires time.Time
}

// New returns a Resolver.
func New(opts Options) *Resolver {
	if opts.TTL == 0 {
		opts.TTL = DefaultTTL
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = DefaultFetchTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Resolver{opts: opts, cache: map[string]*entry{}}
}

var defaultResolver atomic.Pointer[Resolver]

// Default returns the Resolver used by the package-level Get and MustGet.
// Unless SetDefault replaced it, it uses the registered backends and a TTL
// of DefaultTTL, or the duration in $SECRETREF_TTL.
func Default() *Resolver {
	if r := defaultResolver.Load(); r != nil {
		return r
	}
	opts := Options{}
	if s := os.Getenv(EnvTTL); s != "" {
		if d, err := time.ParseDuration(s); err == nil {
			opts.TTL = d
			if d == 0 {
				opts.TTL = -1
			}
		}
	}
	defaultResolver.CompareAndSwap(nil, New(opts))
	return defaultResolver.Load()
}

// SetDefault replaces the Resolver used by Get and MustGet, for example
// with one over Static backends in a program's tests.
func SetDefault(r *Resolver) {
	if r == nil {
		panic("secretref: SetDefault(nil)")
	}
	defaultResolver.Store(r)
}

// Get returns the value that ref points to, through the default Resolver.
func Get(ctx context.Context, ref string) (string, error) {
	return Default().Get(ctx, ref)
}

// MustGet is like Get but panics if the value cannot be read. It is meant
// for package-level variables, which are initialised before main can
// handle an error:
//
//	var apiKey = secretref.MustGet("ref+awssecrets://prod/api#/key")
//
// It waits at most Options.FetchTimeout. The panic value is the *Error,
// which names the reference, never a value.
func MustGet(ref string) string {
	return Default().MustGet(ref)
}

// MustGet is like Get but panics if the value cannot be read.
func (r *Resolver) MustGet(ref string) string {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.FetchTimeout)
	defer cancel()
	v, err := r.Get(ctx, ref)
	if err != nil {
		panic(err)
	}
	return v
}

// Get returns the value that ref points to: the string at the reference's
// key in the secret, or the whole secret's text when the reference has no
// key. The secret is served from the cache while its TTL lasts.
func (r *Resolver) Get(ctx context.Context, ref string) (string, error) {
	p, err := Parse(ref)
	if err != nil {
		return "", err
	}
	e, err := r.document(ctx, p)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			out := *e
			if out.Ref == "" {
				out.Ref = ref
			}
			if out.Op == "" {
				out.Op = "fetch"
			}
			return "", &out
		}
		return "", &Error{Ref: ref, Op: "fetch", Err: err}
	}
	return selectKey(p, e)
}

// Forget drops the cached secret that ref belongs to, so that the next Get
// fetches it again (for example after a rotation).
func (r *Resolver) Forget(ref string) {
	p, err := Parse(ref)
	if err != nil {
		return
	}
	r.mu.Lock()
	delete(r.cache, p.secretKey())
	r.mu.Unlock()
}

// Fetches returns how many fetches this Resolver has started, for tests
// and metrics.
func (r *Resolver) Fetches() int64 { return r.fetches.Load() }

func (r *Resolver) document(ctx context.Context, p Ref) (*entry, error) {
	key := p.secretKey()
	r.mu.Lock()
	e := r.cache[key]
	if e != nil {
		select {
		case <-e.done:
			if r.opts.TTL < 0 || !r.opts.Now().Before(e.expires) {
				e = nil // expired: fetch again
			}
		default: // in flight: wait for it
		}
	}
	if e == nil {
		b := r.backend(p.Scheme)
		if b == nil {
			r.mu.Unlock()
			return nil, &Error{Op: "fetch",
				Detail: fmt.Sprintf("import the backend package for %q (for example github.com/secretlint-go/secretlint/secretref/all)", p.Scheme),
				Err:    ErrNoBackend}
		}
		e = &entry{done: make(chan struct{})}
		r.cache[key] = e
		r.fetches.Add(1)
		go r.fetch(ctx, b, p, key, e)
	}
	r.mu.Unlock()

	select {
	case <-e.done:
		if e.err != nil {
			return nil, e.err
		}
		return e, nil
	case <-ctx.Done():
		return nil, &Error{Op: "fetch", Err: ctx.Err()}
	}
}

func (r *Resolver) fetch(ctx context.Context, b Backend, p Ref, key string, e *entry) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.opts.FetchTimeout)
	defer cancel()
	doc, err := func() (doc Document, err error) {
		defer func() {
			if v := recover(); v != nil {
				// A backend bug must not take down the program from a
				// goroutine it did not start; the panic value is not
				// shown, it might hold data.
				err = &Error{Op: "fetch", Detail: "backend panicked", Err: ErrUnavailable}
			}
		}()
		return b.Fetch(ctx, p)
	}()
	fields := doc.Data
	if err == nil && fields == nil {
		dec := json.NewDecoder(strings.NewReader(doc.Text))
		dec.UseNumber()
		if dec.Decode(&fields) != nil {
			fields = nil
		}
	}
	r.mu.Lock()
	e.doc, e.fields, e.err = doc, fields, err
	e.expires = r.opts.Now().Add(r.opts.TTL)
	if err != nil && r.cache[key] == e {
		delete(r.cache, key) // failures are not cached
	}
	r.mu.Unlock()
	close(e.done)
}

func (r *Resolver) backend(scheme string) Backend {
	if r.opts.Backends != nil {
		return r.opts.Backends[scheme]
	}
	return registered(scheme)
}

// selectKey returns the value at p.Key in doc. Its errors name the key and
// JSON types, never values.
func selectKey(p Ref, e *entry) (string, error) {
	fail := func(detail string, err error) (string, error) {
		return "", &Error{Ref: p.raw, Op: "select key", Detail: detail, Err: err}
	}
	if p.Key == "" {
		if e.doc.Data != nil {
			return fail("the secret holds several fields; name one with #/KEY", ErrNoKey)
		}
		return e.doc.Text, nil
	}
	data := e.fields
	if data == nil {
		// json's syntax errors quote the input: not passed on.
		return fail("the secret is not a JSON object, so it has no keys; drop #/"+p.Key+" to read it whole", ErrNoKey)
	}
	var cur any = data
	for i, seg := range strings.Split(p.Key, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return fail(fmt.Sprintf("%q is not an object", strings.Join(strings.Split(p.Key, "/")[:i], "/")), ErrNoKey)
		}
		if cur, ok = m[seg]; !ok {
			return fail(fmt.Sprintf("no key %q", p.Key), ErrNoKey)
		}
	}
	switch v := cur.(type) {
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case nil:
		return fail(fmt.Sprintf("key %q is null", p.Key), ErrNoKey)
	default:
		return fail(fmt.Sprintf("key %q holds a %s, not a single value", p.Key, kind(v)), ErrNoKey)
	}
}

func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "list"
	}
	return fmt.Sprintf("%T", v)
}

// A LazySecret is a secret read from the store when it is first used,
// not when the program starts. `secretlint remediate` rewrites a
// package-level secret into one, and each use into a call of Value:
//
//	var apiKey = secretref.Lazy("ref+awssecrets://prod/api#/key")
//
//	req.Header.Set("X-Api-Key", apiKey.Value())
//
// so that starting the program, and the tests of code that does not use
// the secret, need no store. Its zero value is not usable; make one with
// Lazy.
type LazySecret struct {
	ref string
}

// Lazy returns a LazySecret for ref. It reads nothing.
func Lazy(ref string) *LazySecret {
	return &LazySecret{ref: ref}
}

// Value returns the secret, read through the default Resolver (whose
// cache serves it for the TTL). Like MustGet, it panics with an *Error,
// which names the reference and never a value, when the value cannot be
// read.
func (l *LazySecret) Value() string {
	return MustGet(l.ref)
}

// Get returns the secret, or the error that kept it from being read.
func (l *LazySecret) Get(ctx context.Context) (string, error) {
	return Get(ctx, l.ref)
}

// String returns the reference, never the value: printing the variable
// by mistake shows where the secret is kept.
func (l *LazySecret) String() string {
	return l.ref
}
