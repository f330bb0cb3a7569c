// Package storetest is a conformance suite for remediate.Store
// implementations.
//
// A backend's tests call Run with a constructor; every subtest gets a fresh
// Store (which may share a server with others) and uses names under a random
// prefix, so the suite can run against a long-lived server.
//
// Values are generated at run time in realistic shapes (passwords, AWS-style
// keys, PEM blocks) and never appear in test output: failures describe
// values by length and a hash prefix.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/remediate"
)

// VersionCounter is implemented by stores (or test wrappers around them)
// that can count the versions held under a name. The idempotency checks use
// it to prove that a retried Write created no second version; without it
// they can only compare version strings.
type VersionCounter interface {
	VersionCount(ctx context.Context, name string) (int, error)
}

// Run runs the conformance suite against the stores newStore returns.
func Run(t *testing.T, newStore func(t *testing.T) remediate.Store) {
	prefix := "secretlint-test/" + randHex(6)
	s := &suite{prefix: prefix, newStore: newStore}
	tests := []struct {
		name string
		f    func(t *testing.T, st remediate.Store)
	}{
		{"Kind", s.kind},
		{"ReadNotFound", s.readNotFound},
		{"CreateAndReadBack", s.createAndReadBack},
		{"CreateWhenExists", s.createWhenExists},
		{"CheckAndSet", s.checkAndSet},
		{"CheckAndSetConflict", s.checkAndSetConflict},
		{"CheckAndSetMissing", s.checkAndSetMissing},
		{"IdempotentCreateRetry", s.idempotentCreateRetry},
		{"IdempotentUpdateRetry", s.idempotentUpdateRetry},
		{"RetryAfterConcurrentChange", s.retryAfterConcurrentChange},
		{"ValuesRoundTrip", s.valuesRoundTrip},
		{"NamesWithSlashes", s.namesWithSlashes},
		{"InvalidArguments", s.invalidArguments},
		{"Ref", s.ref},
		{"CanceledContext", s.canceledContext},
		{"NoValueInErrors", s.noValueInErrors},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.f(t, newStore(t))
		})
	}
}

type suite struct {
	prefix   string
	newStore func(t *testing.T) remediate.Store
}

// name returns a fresh secret name under the suite's prefix.
func (s *suite) name(t *testing.T, parts ...string) string {
	base := strings.ReplaceAll(t.Name(), "/", "-")
	return strings.Join(append([]string{s.prefix, base, randHex(4)}, parts...), "/")
}

func (s *suite) kind(t *testing.T, st remediate.Store) {
	switch k := st.Kind(); k {
	case "aws", "vault":
	default:
		t.Errorf("Kind() = %q, want \"aws\" or \"vault\"", k)
	}
}

func (s *suite) readNotFound(t *testing.T, st remediate.Store) {
	_, err := st.Read(t.Context(), s.name(t))
	if !errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("Read(absent) err = %v, want ErrNotFound", err)
	}
	if remediate.IsRetryable(err) {
		t.Errorf("IsRetryable(not found) = true")
	}
}

func (s *suite) createAndReadBack(t *testing.T, st remediate.Store) {
	name := s.name(t)
	values := map[string]string{"DB_PASSWORD": Password(), "AWS_ACCESS_KEY_ID": AccessKeyID()}
	v := mustWrite(t, st, name, values, "")
	if v == "" {
		t.Fatal("Write returned an empty version")
	}
	e := mustRead(t, st, name)
	if e.Version != v {
		t.Errorf("Read version = %q, want %q (from Write)", e.Version, v)
	}
	requireValues(t, e.Values, values)
	// The entry is the caller's to modify.
	e.Values["DB_PASSWORD"] = "changed" //secretlint:ignore hardcoded-credential a word written over a test entry
	requireValues(t, mustRead(t, st, name).Values, values)
}

func (s *suite) createWhenExists(t *testing.T, st remediate.Store) {
	name := s.name(t)
	first := map[string]string{"TOKEN": Password()}
	v := mustWrite(t, st, name, first, "")
	_, err := st.Write(t.Context(), name, map[string]string{"TOKEN": Password()}, "", remediate.Meta{})
	if !errors.Is(err, remediate.ErrConflict) {
		t.Fatalf("create over an existing secret: err = %v, want ErrConflict", err)
	}
	e := mustRead(t, st, name)
	if e.Version != v {
		t.Errorf("version = %q after a refused create, want %q", e.Version, v)
	}
	requireValues(t, e.Values, first)
	if n, ok := countVersions(t, st, name); ok && n != 1 {
		t.Errorf("%d versions after a refused create, want 1", n)
	}
}

func (s *suite) checkAndSet(t *testing.T, st remediate.Store) {
	name := s.name(t)
	v1 := mustWrite(t, st, name, map[string]string{"A": Password()}, "")
	next := map[string]string{"A": Password(), "B": Password()}
	v2 := mustWrite(t, st, name, next, v1)
	if v2 == v1 || v2 == "" {
		t.Fatalf("check-and-set returned version %q after %q, want a new one", v2, v1)
	}
	e := mustRead(t, st, name)
	if e.Version != v2 {
		t.Errorf("Read version = %q, want %q", e.Version, v2)
	}
	requireValues(t, e.Values, next)
	if n, ok := countVersions(t, st, name); ok && n != 2 {
		t.Errorf("%d versions, want 2", n)
	}
}

// checkAndSetConflict plays two writers: A reads, B writes, A writes with
// the version it read. A must fail and B's values must survive.
func (s *suite) checkAndSetConflict(t *testing.T, st remediate.Store) {
	name := s.name(t)
	v1 := mustWrite(t, st, name, map[string]string{"A": Password()}, "")
	readByA := mustRead(t, st, name)

	other := s.newStore(t) // writer B, a separate client
	byB := map[string]string{"A": readByA.Values["A"], "B": Password()}
	vB := mustWrite(t, other, name, byB, v1)

	byA := map[string]string{"A": readByA.Values["A"], "C": Password()}
	_, err := st.Write(t.Context(), name, byA, readByA.Version, remediate.Meta{})
	if !errors.Is(err, remediate.ErrConflict) {
		t.Fatalf("stale check-and-set: err = %v, want ErrConflict", err)
	}
	if remediate.IsRetryable(err) {
		t.Errorf("IsRetryable(conflict) = true")
	}
	e := mustRead(t, st, name)
	if e.Version != vB {
		t.Errorf("version = %q after the refused write, want B's %q", e.Version, vB)
	}
	requireValues(t, e.Values, byB)
}

func (s *suite) checkAndSetMissing(t *testing.T, st remediate.Store) {
	name := s.name(t)
	prev := mustWrite(t, st, s.name(t), map[string]string{"A": Password()}, "") // a real version string of another secret
	_, err := st.Write(t.Context(), name, map[string]string{"A": Password()}, prev, remediate.Meta{})
	if !errors.Is(err, remediate.ErrConflict) {
		t.Fatalf("check-and-set on an absent secret: err = %v, want ErrConflict", err)
	}
	if _, err := st.Read(t.Context(), name); !errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("Read after refused write: err = %v, want ErrNotFound", err)
	}
}

func (s *suite) idempotentCreateRetry(t *testing.T, st remediate.Store) {
	name := s.name(t)
	values := map[string]string{"API_KEY": AccessKeyID(), "API_SECRET": Password()}
	meta := remediate.Meta{Sources: []string{"config/app.yaml"}, Description: "conformance"}
	v1 := mustWriteMeta(t, st, name, values, "", meta)
	v2 := mustWriteMeta(t, st, name, maps.Clone(values), "", meta)
	if v2 != v1 {
		t.Errorf("retried create returned version %q, want %q", v2, v1)
	}
	// A retry through another client (a new process after a crash) too.
	v3 := mustWriteMeta(t, s.newStore(t), name, maps.Clone(values), "", meta)
	if v3 != v1 {
		t.Errorf("retried create from a new client returned version %q, want %q", v3, v1)
	}
	e := mustRead(t, st, name)
	if e.Version != v1 {
		t.Errorf("Read version = %q, want %q", e.Version, v1)
	}
	requireValues(t, e.Values, values)
	if n, ok := countVersions(t, st, name); ok && n != 1 {
		t.Errorf("%d versions after a retried create, want 1", n)
	}
}

func (s *suite) idempotentUpdateRetry(t *testing.T, st remediate.Store) {
	name := s.name(t)
	v1 := mustWrite(t, st, name, map[string]string{"A": Password()}, "")
	cur := mustRead(t, st, name)
	next, changed, err := remediate.MergeValues(cur.Values, map[string]string{"B": Password()})
	if err != nil || !changed {
		t.Fatalf("MergeValues: changed=%v err=%v", changed, err)
	}
	v2 := mustWrite(t, st, name, next, v1)
	again := mustWrite(t, st, name, maps.Clone(next), v1) // the retry: same prev
	if again != v2 {
		t.Errorf("retried check-and-set returned version %q, want %q", again, v2)
	}
	e := mustRead(t, st, name)
	if e.Version != v2 {
		t.Errorf("Read version = %q, want %q", e.Version, v2)
	}
	requireValues(t, e.Values, next)
	if n, ok := countVersions(t, st, name); ok && n != 2 {
		t.Errorf("%d versions after a retried update, want 2", n)
	}
}

// retryAfterConcurrentChange: our write landed, then someone else wrote;
// a late retry of ours must not clobber their change.
func (s *suite) retryAfterConcurrentChange(t *testing.T, st remediate.Store) {
	name := s.name(t)
	v1 := mustWrite(t, st, name, map[string]string{"A": Password()}, "")
	ours := map[string]string{"A": Password()}
	v2 := mustWrite(t, st, name, ours, v1)
	theirs := map[string]string{"A": Password()}
	v3 := mustWrite(t, s.newStore(t), name, theirs, v2)
	_, err := st.Write(t.Context(), name, maps.Clone(ours), v1, remediate.Meta{})
	if !errors.Is(err, remediate.ErrConflict) {
		t.Fatalf("late retry: err = %v, want ErrConflict", err)
	}
	e := mustRead(t, st, name)
	if e.Version != v3 {
		t.Errorf("version = %q, want %q", e.Version, v3)
	}
	requireValues(t, e.Values, theirs)
}

func (s *suite) valuesRoundTrip(t *testing.T, st remediate.Store) {
	name := s.name(t)
	values := map[string]string{
		"PASSWORD":        Password(),
		"AWS_SECRET":      AccessKeyID() + "/" + Password(),
		"PRIVATE_KEY":     PEM(),
		"MULTILINE":       "line one\nline two\r\nline three\n\n",
		"UNICODE":         "pässwörd-密码-пароль-🔑-" + Password() + "\u200b\u00a0",
		"RTL":             "كلمة السر " + Password(),
		"JSON_SPECIALS":   `q"uo\te\\ <html> & 'single' ` + "\t\x01\x7f" + Password(),
		"SPACES":          "  leading and trailing  ",
		"EMPTY":           "",
		"LOOKS_LIKE_JSON": `{"nested":"` + Password() + `"}`,
		"NUMERIC":         "0012345",
		"key.with.dots":   Password(),
		"key-with_dash":   Password(),
	}
	v := mustWrite(t, st, name, values, "")
	e := mustRead(t, st, name)
	if e.Version != v {
		t.Errorf("version = %q, want %q", e.Version, v)
	}
	requireValues(t, e.Values, values)
}

func (s *suite) namesWithSlashes(t *testing.T, st remediate.Store) {
	base := s.name(t)
	names := []string{base + "/app", base + "/app/db", base + "/app/db/primary", base + "/Team_A.prod-1"}
	want := map[string]map[string]string{}
	for _, n := range names {
		want[n] = map[string]string{"PASSWORD": Password()}
		mustWrite(t, st, n, want[n], "")
	}
	for _, n := range names {
		requireValues(t, mustRead(t, st, n).Values, want[n])
	}
}

func (s *suite) invalidArguments(t *testing.T, st remediate.Store) {
	ctx := t.Context()
	planted := Password()
	for _, bad := range []string{"", "/lead", "trail/", "a//b", "a/../b", "sp ace", "plus+sign", "at@sign"} {
		if _, err := st.Read(ctx, bad); !errors.Is(err, remediate.ErrInvalid) {
			t.Errorf("Read(%q) err = %v, want ErrInvalid", bad, err)
		}
		_, err := st.Write(ctx, bad, map[string]string{"A": planted}, "", remediate.Meta{})
		if !errors.Is(err, remediate.ErrInvalid) {
			t.Errorf("Write(%q) err = %v, want ErrInvalid", bad, err)
		}
		checkNoValue(t, err, planted)
	}
	name := s.name(t)
	if _, err := st.Write(ctx, name, nil, "", remediate.Meta{}); !errors.Is(err, remediate.ErrInvalid) {
		t.Errorf("Write(no values) err = %v, want ErrInvalid", err)
	}
	_, err := st.Write(ctx, name, map[string]string{"A": planted + "\xc3\x28"}, "", remediate.Meta{})
	if !errors.Is(err, remediate.ErrInvalid) {
		t.Errorf("Write(invalid UTF-8) err = %v, want ErrInvalid", err)
	}
	checkNoValue(t, err, planted)
	if _, err := st.Read(ctx, name); !errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("a refused Write left something behind: Read err = %v", err)
	}
}

func (s *suite) ref(t *testing.T, st remediate.Store) {
	name := s.name(t, "db")
	ref := st.Ref(name, "DB_PASSWORD")
	var scheme string
	switch st.Kind() {
	case "aws":
		scheme = "ref+awssecrets://"
	case "vault":
		scheme = "ref+vault://"
	}
	if !strings.HasPrefix(ref, scheme) || !strings.Contains(ref, name+"#/") || !strings.HasSuffix(ref, "#/DB_PASSWORD") {
		t.Errorf("Ref(%q, DB_PASSWORD) = %q, want %s...%s#/DB_PASSWORD", name, ref, scheme, name)
	}
	if strings.Contains(ref, "/data/") {
		t.Errorf("Ref = %q contains the KV v2 API segment data/; vals adds it itself", ref)
	}
}

func (s *suite) canceledContext(t *testing.T, st remediate.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	name := s.name(t)
	if _, err := st.Read(ctx, name); err == nil || errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("Read(canceled ctx) err = %v, want a cancellation error", err)
	} else if remediate.IsRetryable(err) {
		t.Errorf("IsRetryable(canceled) = true for %v", err)
	}
	if _, err := st.Write(ctx, name, map[string]string{"A": Password()}, "", remediate.Meta{}); err == nil {
		t.Error("Write(canceled ctx) succeeded")
	}
	if _, err := st.Read(t.Context(), name); !errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("Write with a canceled ctx left something behind: Read err = %v", err)
	}
}

func (s *suite) noValueInErrors(t *testing.T, st remediate.Store) {
	ctx := t.Context()
	name := s.name(t)
	planted := map[string]string{"DB_PASSWORD": Password(), "AWS_KEY": AccessKeyID(), "TLS_KEY": PEM()}
	v1 := mustWrite(t, st, name, planted, "")
	other := map[string]string{"DB_PASSWORD": Password(), "AWS_KEY": AccessKeyID(), "TLS_KEY": PEM()}
	var errs []error
	_, err := st.Write(ctx, name, other, "", remediate.Meta{}) // create over existing
	errs = append(errs, err)
	v2 := mustWrite(t, st, name, other, v1)
	_, err = st.Write(ctx, name, planted, v1, remediate.Meta{}) // stale prev
	errs = append(errs, err)
	_, err = st.Write(ctx, name+"-absent", planted, v2, remediate.Meta{}) // absent
	errs = append(errs, err)
	_, err = st.Read(ctx, name+"-absent")
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Errorf("operation %d unexpectedly succeeded", i)
			continue
		}
		checkNoValue(t, err, slices.Concat(slices.Collect(maps.Values(planted)), slices.Collect(maps.Values(other)))...)
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %d does not name the secret: %q", i, err)
		}
	}
}

func checkNoValue(t *testing.T, err error, values ...string) {
	t.Helper()
	if err == nil {
		return
	}
	// Long values are checked whole and by each long line, so a PEM body
	// quoted in part is caught too.
	var probes []string
	for _, v := range values {
		if v == "" {
			continue
		}
		probes = append(probes, v)
		for line := range strings.SplitSeq(v, "\n") {
			if len(line) >= 16 {
				probes = append(probes, line)
			}
		}
	}
	// Longest first, so that redaction never leaves part of a value.
	slices.SortFunc(probes, func(a, b string) int { return len(b) - len(a) })
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, p := range probes {
			if strings.Contains(text, p) {
				redacted := text
				for _, q := range probes {
					redacted = strings.ReplaceAll(redacted, q, "<REDACTED>")
				}
				t.Errorf("error text contains a stored value (%s): %s", Describe(p), redacted)
				break
			}
		}
	}
}

func mustWrite(t *testing.T, st remediate.Store, name string, values map[string]string, prev string) string {
	t.Helper()
	return mustWriteMeta(t, st, name, values, prev, remediate.Meta{Sources: []string{"conformance/test.go"}})
}

func mustWriteMeta(t *testing.T, st remediate.Store, name string, values map[string]string, prev string, meta remediate.Meta) string {
	t.Helper()
	v, err := st.Write(t.Context(), name, values, prev, meta)
	if err != nil {
		t.Fatalf("Write(%q, prev %q): %v", name, prev, err)
	}
	return v
}

func mustRead(t *testing.T, st remediate.Store, name string) remediate.Entry {
	t.Helper()
	e, err := st.Read(t.Context(), name)
	if err != nil {
		t.Fatalf("Read(%q): %v", name, err)
	}
	return e
}

func countVersions(t *testing.T, st remediate.Store, name string) (int, bool) {
	t.Helper()
	vc, ok := st.(VersionCounter)
	if !ok {
		return 0, false
	}
	n, err := vc.VersionCount(t.Context(), name)
	if err != nil {
		t.Fatalf("VersionCount(%q): %v", name, err)
	}
	return n, true
}

// requireValues compares without ever printing a value.
func requireValues(t *testing.T, got, want map[string]string) {
	t.Helper()
	if maps.Equal(got, want) {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("key %q missing", k)
		case g != want[k]:
			t.Errorf("key %q: got %s, want %s", k, Describe(g), Describe(want[k]))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected key %q", k)
		}
	}
}

// Describe identifies a value in test output without revealing it.
func Describe(v string) string {
	sum := sha256.Sum256([]byte(v))
	return fmt.Sprintf("<%d bytes, sha256 %x>", len(v), sum[:4])
}

// Password returns a random 24-character password.
func Password() string {
	const chars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%^*_-=.:"
	return randString(24, chars)
}

// AccessKeyID returns a random string shaped like an AWS access key ID.
// It is not a credential.
func AccessKeyID() string {
	return "AKIA" + randString(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
}

// PEM returns a random PEM block shaped like an RSA private key. It is
// random bytes, not a key.
func PEM() string {
	body := base64.StdEncoding.EncodeToString(randBytes(384))
	var b strings.Builder
	b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n")
	for len(body) > 64 {
		b.WriteString(body[:64] + "\n")
		body = body[64:]
	}
	b.WriteString(body + "\n-----END RSA PRIVATE KEY-----\n")
	return b.String()
}

func randString(n int, chars string) string {
	b := randBytes(n)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b)
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b
}

func randHex(n int) string { return hex.EncodeToString(randBytes(n)) }
