package secretref_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/secretref"
)

// counting is a Backend that counts fetches and can hold them until
// released.
type counting struct {
	docs    map[string]secretref.Document
	calls   atomic.Int64
	gate    chan struct{} // nil: answer at once
	started chan struct{} // receives once per fetch, if not nil
	fail    error
}

func (c *counting) Fetch(ctx context.Context, ref secretref.Ref) (secretref.Document, error) {
	c.calls.Add(1)
	if c.started != nil {
		c.started <- struct{}{}
	}
	if c.gate != nil {
		select {
		case <-c.gate:
		case <-ctx.Done():
			return secretref.Document{}, ctx.Err()
		}
	}
	if c.fail != nil {
		return secretref.Document{}, c.fail
	}
	d, ok := c.docs[ref.Location]
	if !ok {
		return secretref.Document{}, &secretref.Error{Err: secretref.ErrNotFound}
	}
	return d, nil
}

const plantedValue = "pl4nted-Value-9f2c1e"

func newCounting() *counting {
	return &counting{docs: map[string]secretref.Document{
		"prod/db":   {Text: `{"password":"` + plantedValue + `","user":"app","port":5432,"tls":true,"nested":{"k":"v"},"nul":null}`},
		"prod/raw":  {Text: plantedValue},
		"kv/app/db": {Data: map[string]any{"password": plantedValue}},
	}}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		scheme   string
		location string
		key      string
		query    string
		wantErr  bool
	}{
		{in: "ref+awssecrets://prod/db#/password", scheme: "awssecrets", location: "prod/db", key: "password"},
		{in: "ref+awssecrets://prod/db?region=eu-west-1#/password", scheme: "awssecrets", location: "prod/db", key: "password", query: "region=eu-west-1"},
		{in: "ref+vault://secret/app/db#/a/b", scheme: "vault", location: "secret/app/db", key: "a/b"},
		{in: "ref+awssecrets://prod/raw", scheme: "awssecrets", location: "prod/raw"},
		{in: "ref+vault://secret/app/", scheme: "vault", location: "secret/app"},
		{in: "awssecrets://prod/db#/password", wantErr: true},
		{in: "ref+awssecrets:prod", wantErr: true},
		{in: "ref+awssecrets://", wantErr: true},
		{in: "ref+awssecrets://prod/db#password", wantErr: true},
		{in: "ref+awssecrets://prod/db#/", wantErr: true},
		{in: "ref+awssecrets://prod/db#", wantErr: true},
		{in: "ref+awssecrets://prod/db#/a//b", wantErr: true},
		{in: "ref+awssecrets://u:p@prod/db#/k", wantErr: true},
		{in: "ref+awssecrets://prod//db#/k", wantErr: true},
		{in: "ref+awssecrets://prod/db?%zz#/k", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := secretref.Parse(tt.in)
			if tt.wantErr {
				if !errors.Is(err, secretref.ErrBadRef) {
					t.Fatalf("Parse(%q) error = %v, want ErrBadRef", tt.in, err)
				}
				if !strings.Contains(err.Error(), tt.in) {
					t.Errorf("error %q does not name the reference", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if r.Scheme != tt.scheme || r.Location != tt.location || r.Key != tt.key || r.Query.Encode() != tt.query || r.String() != tt.in {
				t.Errorf("Parse(%q) = %+v, want scheme %q location %q key %q query %q", tt.in, r, tt.scheme, tt.location, tt.key, tt.query)
			}
		})
	}
}

func TestGetSelectsKeys(t *testing.T) {
	b := newCounting()
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": b, "vault": b}})
	ctx := context.Background()
	tests := []struct {
		ref  string
		want string
		err  error
	}{
		{ref: "ref+awssecrets://prod/db#/password", want: plantedValue},
		{ref: "ref+awssecrets://prod/db#/user", want: "app"},
		{ref: "ref+awssecrets://prod/db#/port", want: "5432"},
		{ref: "ref+awssecrets://prod/db#/tls", want: "true"},
		{ref: "ref+awssecrets://prod/db#/nested/k", want: "v"},
		{ref: "ref+awssecrets://prod/raw", want: plantedValue},
		{ref: "ref+vault://kv/app/db#/password", want: plantedValue},
		{ref: "ref+awssecrets://prod/db#/missing", err: secretref.ErrNoKey},
		{ref: "ref+awssecrets://prod/db#/nested", err: secretref.ErrNoKey},
		{ref: "ref+awssecrets://prod/db#/nul", err: secretref.ErrNoKey},
		{ref: "ref+awssecrets://prod/db#/user/x", err: secretref.ErrNoKey},
		{ref: "ref+awssecrets://prod/raw#/k", err: secretref.ErrNoKey},
		{ref: "ref+vault://kv/app/db", err: secretref.ErrNoKey},
		{ref: "ref+awssecrets://prod/none#/k", err: secretref.ErrNotFound},
		{ref: "ref+gcpsecrets://p/s#/k", err: secretref.ErrNoBackend},
		{ref: "not a ref", err: secretref.ErrBadRef},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			got, err := r.Get(ctx, tt.ref)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Get error = %v, want %v", err, tt.err)
				}
				var e *secretref.Error
				if !errors.As(err, &e) || e.Ref != tt.ref {
					t.Errorf("error %v is not an *Error naming the reference", err)
				}
				if strings.Contains(err.Error(), plantedValue) {
					t.Errorf("error message for %s contains the secret value", tt.ref)
				}
				return
			}
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if got != tt.want {
				t.Errorf("Get(%s) returned a different value (len %d, want len %d)", tt.ref, len(got), len(tt.want))
			}
		})
	}
}

func TestCacheTTL(t *testing.T) {
	b := newCounting()
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	r := secretref.New(secretref.Options{
		TTL:      time.Minute,
		Backends: map[string]secretref.Backend{"awssecrets": b},
		Now:      func() time.Time { return time.Unix(0, now.Load()) },
	})
	ctx := context.Background()
	get := func(ref string) {
		t.Helper()
		if _, err := r.Get(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	get("ref+awssecrets://prod/db#/password")
	get("ref+awssecrets://prod/db#/user") // same secret, other key
	get("ref+awssecrets://prod/db#/password")
	if n := b.calls.Load(); n != 1 {
		t.Fatalf("3 Gets of one secret within the TTL made %d fetches, want 1", n)
	}
	get("ref+awssecrets://prod/raw")
	if n := b.calls.Load(); n != 2 {
		t.Fatalf("a second secret: %d fetches, want 2", n)
	}
	now.Add(int64(59 * time.Second))
	get("ref+awssecrets://prod/db#/password")
	if n := b.calls.Load(); n != 2 {
		t.Fatalf("before the TTL ends: %d fetches, want 2", n)
	}
	now.Add(int64(time.Second))
	get("ref+awssecrets://prod/db#/password")
	if n := b.calls.Load(); n != 3 {
		t.Fatalf("after the TTL: %d fetches, want 3", n)
	}
	r.Forget("ref+awssecrets://prod/db#/anykey")
	get("ref+awssecrets://prod/db#/password")
	if n := b.calls.Load(); n != 4 {
		t.Fatalf("after Forget: %d fetches, want 4", n)
	}
	if r.Fetches() != 4 {
		t.Errorf("Fetches() = %d, want 4", r.Fetches())
	}
}

func TestNoCache(t *testing.T) {
	b := newCounting()
	r := secretref.New(secretref.Options{TTL: -1, Backends: map[string]secretref.Backend{"awssecrets": b}})
	for range 3 {
		if _, err := r.Get(context.Background(), "ref+awssecrets://prod/raw"); err != nil {
			t.Fatal(err)
		}
	}
	if n := b.calls.Load(); n != 3 {
		t.Errorf("TTL -1: %d fetches for 3 Gets, want 3", n)
	}
}

func TestSingleflight(t *testing.T) {
	b := newCounting()
	b.gate = make(chan struct{})
	b.started = make(chan struct{}, 100)
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": b}})
	const n = 50
	var wg sync.WaitGroup
	results := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := r.Get(context.Background(), "ref+awssecrets://prod/db#/password")
			if err == nil && v != plantedValue {
				err = errors.New("wrong value")
			}
			results <- err
		}()
	}
	<-b.started
	// Let every goroutine reach the wait before the fetch completes.
	time.Sleep(50 * time.Millisecond)
	close(b.gate)
	wg.Wait()
	close(results)
	for err := range results {
		if err != nil {
			t.Fatal(err)
		}
	}
	if c := b.calls.Load(); c != 1 {
		t.Errorf("%d concurrent Gets made %d fetches, want 1", n, c)
	}
}

func TestCancelledWaiterDoesNotFailOthers(t *testing.T) {
	b := newCounting()
	b.gate = make(chan struct{})
	b.started = make(chan struct{}, 10)
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": b}})
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := r.Get(ctx, "ref+awssecrets://prod/raw")
		first <- err
	}()
	<-b.started
	second := make(chan error, 1)
	go func() {
		v, err := r.Get(context.Background(), "ref+awssecrets://prod/raw")
		if err == nil && v != plantedValue {
			err = errors.New("wrong value")
		}
		second <- err
	}()
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: err = %v, want context.Canceled", err)
	}
	close(b.gate)
	if err := <-second; err != nil {
		t.Fatalf("second caller failed with the first one's cancellation: %v", err)
	}
	if c := b.calls.Load(); c != 1 {
		t.Errorf("%d fetches, want 1", c)
	}
}

func TestFailuresAreNotCached(t *testing.T) {
	b := newCounting()
	b.fail = &secretref.Error{Err: secretref.ErrUnavailable}
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": b}})
	ref := "ref+awssecrets://prod/raw"
	if _, err := r.Get(context.Background(), ref); !errors.Is(err, secretref.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	b.fail = nil
	if v, err := r.Get(context.Background(), ref); err != nil || v != plantedValue {
		t.Fatalf("after recovery: err = %v", err)
	}
	if c := b.calls.Load(); c != 2 {
		t.Errorf("%d fetches, want 2 (the failure must not be cached)", c)
	}
}

type panicky struct{}

func (panicky) Fetch(context.Context, secretref.Ref) (secretref.Document, error) {
	panic(plantedValue)
}

func TestBackendPanicIsAnError(t *testing.T) {
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": panicky{}}})
	_, err := r.Get(context.Background(), "ref+awssecrets://prod/raw")
	if !errors.Is(err, secretref.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), plantedValue) {
		t.Error("the panic value leaked into the error")
	}
}

func TestMustGet(t *testing.T) {
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": newCounting()}})
	if v := r.MustGet("ref+awssecrets://prod/raw"); v != plantedValue {
		t.Error("MustGet returned a different value")
	}
	defer func() {
		v := recover()
		err, ok := v.(error)
		if !ok || !errors.Is(err, secretref.ErrNotFound) || !strings.Contains(err.Error(), "ref+awssecrets://prod/none#/k") {
			t.Errorf("MustGet panicked with %v, want an error naming the reference", v)
		}
	}()
	r.MustGet("ref+awssecrets://prod/none#/k")
	t.Error("MustGet did not panic")
}

func TestDefaultResolver(t *testing.T) {
	old := secretref.Default()
	t.Cleanup(func() { secretref.SetDefault(old) })
	secretref.SetDefault(secretref.New(secretref.Options{Backends: map[string]secretref.Backend{
		"vault": secretref.Static{"secret/app": {"token": plantedValue}},
	}}))
	v, err := secretref.Get(context.Background(), "ref+vault://secret/app#/token")
	if err != nil || v != plantedValue {
		t.Fatalf("Get through the default resolver: err = %v", err)
	}
	if secretref.MustGet("ref+vault://secret/app#/token") != plantedValue {
		t.Error("MustGet through the default resolver returned a different value")
	}
}

func TestRegister(t *testing.T) {
	secretref.Register("test-scheme", secretref.Static{"a": {"k": "v"}})
	if !strings.Contains(strings.Join(secretref.Schemes(), ","), "test-scheme") {
		t.Errorf("Schemes() = %v, missing test-scheme", secretref.Schemes())
	}
	r := secretref.New(secretref.Options{})
	if v, err := r.Get(context.Background(), "ref+test-scheme://a#/k"); err != nil || v != "v" {
		t.Errorf("registered backend: %q, %v", v, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a scheme twice did not panic")
		}
	}()
	secretref.Register("test-scheme", secretref.Static{})
}

// TestLazy checks that a LazySecret reads nothing until Value or Get, and
// then reads through the default Resolver; its String is the reference.
func TestLazy(t *testing.T) {
	old := secretref.Default()
	t.Cleanup(func() { secretref.SetDefault(old) })
	b := newCounting()
	secretref.SetDefault(secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": b}}))
	l := secretref.Lazy("ref+awssecrets://prod/raw")
	if n := b.calls.Load(); n != 0 {
		t.Fatalf("Lazy fetched %d times before any use", n)
	}
	if l.Value() != plantedValue {
		t.Error("Value returned a different value")
	}
	if v, err := l.Get(context.Background()); err != nil || v != plantedValue {
		t.Errorf("Get: err = %v", err)
	}
	if n := b.calls.Load(); n != 1 {
		t.Errorf("%d fetches for two reads within the TTL, want 1", n)
	}
	if l.String() != "ref+awssecrets://prod/raw" || strings.Contains(fmt.Sprint(l), plantedValue) {
		t.Error("String is not the reference")
	}
	defer func() {
		if err, ok := recover().(error); !ok || !errors.Is(err, secretref.ErrNotFound) {
			t.Errorf("Value of a missing secret panicked with %v, want ErrNotFound", err)
		}
	}()
	secretref.Lazy("ref+awssecrets://prod/none#/k").Value()
	t.Error("Value of a missing secret did not panic")
}
