package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
	"github.com/secretlint-go/secretlint/remediate/storetest"
)

func TestConformance(t *testing.T) {
	for _, kind := range []string{"vault", "aws"} {
		t.Run(kind, func(t *testing.T) {
			// One backing store, one "client" per call, as with a server.
			shared := memstore.New(memstore.Options{Kind: kind})
			storetest.Run(t, func(t *testing.T) remediate.Store { return shared })
		})
	}
}

func TestRef(t *testing.T) {
	if got, want := memstore.New(memstore.Options{}).Ref("app/db", "PW"), "ref+vault://secret/app/db#/PW"; got != want {
		t.Errorf("vault Ref = %q, want %q", got, want)
	}
	if got, want := memstore.New(memstore.Options{Kind: "vault", Mount: "kv"}).Ref("app", "PW"), "ref+vault://kv/app#/PW"; got != want {
		t.Errorf("vault Ref = %q, want %q", got, want)
	}
	if got, want := memstore.New(memstore.Options{Kind: "aws"}).Ref("app/db", "PW"), "ref+awssecrets://app/db#/PW"; got != want {
		t.Errorf("aws Ref = %q, want %q", got, want)
	}
}

// timeoutError is what a client sees when the answer never came.
var timeoutError = &os.SyscallError{Syscall: "read", Err: os.ErrDeadlineExceeded}

func TestFailNthBeforeEffect(t *testing.T) {
	ctx := t.Context()
	s := memstore.New(memstore.Options{})
	values := map[string]string{"PW": storetest.Password()}

	s.FailNth(memstore.OpWrite, 2, remediate.ErrUnavailable)
	v1, err := s.Write(ctx, "app", values, "", remediate.Meta{})
	if err != nil {
		t.Fatalf("first write: %v", err)
	}
	_, err = s.Write(ctx, "app", map[string]string{"PW": storetest.Password()}, v1, remediate.Meta{})
	if !errors.Is(err, remediate.ErrUnavailable) || !remediate.IsRetryable(err) {
		t.Fatalf("second write: err = %v, want retryable ErrUnavailable", err)
	}
	if n := s.Versions("app"); n != 1 {
		t.Errorf("faulted write took effect: %d versions", n)
	}
	if got := s.Calls(memstore.OpWrite); got != 2 {
		t.Errorf("Calls(write) = %d, want 2", got)
	}
	// The fault fires once.
	if _, err := s.Write(ctx, "app", map[string]string{"PW": storetest.Password()}, v1, remediate.Meta{}); err != nil {
		t.Errorf("third write: %v", err)
	}

	s.FailNth(memstore.OpRead, 1, timeoutError)
	if _, err := s.Read(ctx, "app"); !errors.Is(err, os.ErrDeadlineExceeded) || !remediate.IsRetryable(err) {
		t.Errorf("read: err = %v, want retryable timeout", err)
	}
	if _, err := s.Read(ctx, "app"); err != nil {
		t.Errorf("read after the fault: %v", err)
	}
}

// A Write whose answer is lost after it landed, then retried: the retry
// must return the landed version and create nothing.
func TestFailAfterWriteThenRetry(t *testing.T) {
	ctx := t.Context()
	s := memstore.New(memstore.Options{})
	values := map[string]string{"PW": storetest.Password()}

	s.FailNthAfterWrite(1, timeoutError)
	_, err := s.Write(ctx, "app", values, "", remediate.Meta{})
	if !remediate.IsRetryable(err) {
		t.Fatalf("err = %v, want a retryable timeout", err)
	}
	if n := s.Versions("app"); n != 1 {
		t.Fatalf("write did not land: %d versions", n)
	}
	v, err := s.Write(ctx, "app", values, "", remediate.Meta{})
	if err != nil || v != "1" {
		t.Fatalf("retried create: version %q err %v, want \"1\" nil", v, err)
	}

	next := map[string]string{"PW": values["PW"], "TOKEN": storetest.Password()}
	s.FailNthAfterWrite(1, timeoutError)
	if _, err := s.Write(ctx, "app", next, "1", remediate.Meta{}); !remediate.IsRetryable(err) {
		t.Fatalf("err = %v, want a retryable timeout", err)
	}
	v, err = s.Write(ctx, "app", next, "1", remediate.Meta{})
	if err != nil || v != "2" {
		t.Fatalf("retried update: version %q err %v, want \"2\" nil", v, err)
	}
	if n := s.Versions("app"); n != 2 {
		t.Errorf("%d versions, want 2", n)
	}
}

func TestBeforeWriteSimulatesConcurrentWriter(t *testing.T) {
	ctx := t.Context()
	s := memstore.New(memstore.Options{})
	v1 := s.Put("app", map[string]string{"A": storetest.Password()})
	theirs := map[string]string{"A": storetest.Password()}
	var once sync.Once
	s.BeforeWrite(func(name string) {
		once.Do(func() { s.Put(name, theirs) })
	})
	_, err := s.Write(ctx, "app", map[string]string{"A": storetest.Password()}, v1, remediate.Meta{})
	if !errors.Is(err, remediate.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	e, err := s.Read(ctx, "app")
	if err != nil {
		t.Fatal(err)
	}
	if e.Version != "2" || e.Values["A"] != theirs["A"] {
		t.Errorf("concurrent change clobbered: version %q", e.Version)
	}
}

func TestParallelCheckAndSetHasOneWinner(t *testing.T) {
	ctx := t.Context()
	s := memstore.New(memstore.Options{})
	v1 := s.Put("app", map[string]string{"A": "0"})
	const writers = 16
	var wg sync.WaitGroup
	results := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			_, results[i] = s.Write(ctx, "app", map[string]string{"A": fmt.Sprint(i + 1)}, v1, remediate.Meta{})
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range results {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, remediate.ErrConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if wins != 1 || s.Versions("app") != 2 {
		t.Errorf("%d winners, %d versions; want 1 and 2", wins, s.Versions("app"))
	}
}

func TestMetaRecorded(t *testing.T) {
	s := memstore.New(memstore.Options{})
	meta := remediate.Meta{Sources: []string{"a.yaml", "b/c.go"}, Description: "moved"}
	if _, err := s.Write(t.Context(), "app", map[string]string{"A": "x"}, "", meta); err != nil {
		t.Fatal(err)
	}
	meta.Sources[0] = "mutated"
	got, ok := s.Meta("app")
	if !ok || strings.Join(got.Sources, ",") != "a.yaml,b/c.go" || got.Description != "moved" {
		t.Errorf("Meta = %+v, %v", got, ok)
	}
	if names := s.Names(); len(names) != 1 || names[0] != "app" {
		t.Errorf("Names = %v", names)
	}
}

func TestCanceledBeforeFaultCounting(t *testing.T) {
	s := memstore.New(memstore.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Read(ctx, "app"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if s.Calls(memstore.OpRead) != 0 {
		t.Errorf("a canceled call was counted")
	}
}
