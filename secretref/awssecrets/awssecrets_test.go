package awssecrets_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/secretref"
	"github.com/secretlint-go/secretlint/secretref/awssecrets"
)

// countingTransport counts GetSecretValue requests that reach the
// emulator: each is one network round trip.
type countingTransport struct {
	base http.RoundTripper
	gets atomic.Int64
	all  atomic.Int64
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.all.Add(1)
	if req.Header.Get("X-Amz-Target") == "secretsmanager.GetSecretValue" {
		c.gets.Add(1)
	}
	return c.base.RoundTrip(req)
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + "/" + hex.EncodeToString(b)
}

func randomValue() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return "v-" + hex.EncodeToString(b)
}

// kumoEnv starts the emulator and returns a config whose requests are
// counted.
func kumoEnv(t testing.TB) (aws.Config, *countingTransport) {
	t.Helper()
	_, cfg := testenv.AWS(t)
	ct := &countingTransport{base: http.DefaultTransport}
	cfg.HTTPClient = &http.Client{Transport: ct}
	return cfg, ct
}

func create(t testing.TB, cfg aws.Config, name, body string) {
	t.Helper()
	_, err := secretsmanager.NewFromConfig(cfg).CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{
		Name: aws.String(name), SecretString: aws.String(body),
	})
	if err != nil {
		t.Fatalf("creating %s: %v", name, err)
	}
}

func TestFetchFromKumo(t *testing.T) {
	cfg, _ := kumoEnv(t)
	name := randomName("app/db")
	pw := randomValue()
	create(t, cfg, name, `{"password":"`+pw+`","user":"app"}`)
	raw := randomName("app/raw")
	token := randomValue()
	create(t, cfg, raw, token)

	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": awssecrets.New(cfg)}})
	ctx := context.Background()
	if v, err := r.Get(ctx, "ref+awssecrets://"+name+"#/password"); err != nil || v != pw {
		t.Fatalf("Get password: err = %v, value matches = %v", err, v == pw)
	}
	if v, err := r.Get(ctx, "ref+awssecrets://"+raw); err != nil || v != token {
		t.Fatalf("Get whole secret: err = %v, value matches = %v", err, v == token)
	}
	if v, err := r.Get(ctx, "ref+awssecrets://"+name+"?region=us-east-1#/user"); err != nil || v != "app" {
		t.Fatalf("Get with ?region=: %q, %v", v, err)
	}

	for ref, want := range map[string]error{
		"ref+awssecrets://" + randomName("none") + "#/k": secretref.ErrNotFound,
		"ref+awssecrets://" + name + "#/nokey":           secretref.ErrNoKey,
		"ref+awssecrets://" + name + "?regon=x#/user":    secretref.ErrBadRef,
		"ref+awssecrets://" + name + "?profile=p#/user":  secretref.ErrBadRef,
	} {
		_, err := r.Get(ctx, ref)
		if !errors.Is(err, want) {
			t.Errorf("Get(%s) = %v, want %v", ref, err, want)
			continue
		}
		if !strings.Contains(err.Error(), ref) || strings.Contains(err.Error(), pw) {
			t.Errorf("Get(%s): error %q must name the reference and not the value", ref, err)
		}
	}
}

// TestDefaultChain runs the registered backend the way a rewritten program
// does: configuration from the environment only, endpoint from
// AWS_ENDPOINT_URL.
func TestDefaultChain(t *testing.T) {
	url, cfg := testenv.AWS(t)
	name := randomName("env/app")
	pw := randomValue()
	create(t, cfg, name, `{"password":"`+pw+`"}`)

	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", testenv.FakeAccessKeyID())
	t.Setenv("AWS_SECRET_ACCESS_KEY", hex.EncodeToString([]byte(randomValue())))
	t.Setenv("AWS_ENDPOINT_URL", url)

	if !slices.Contains(secretref.Schemes(), awssecrets.Scheme) {
		t.Fatalf("importing awssecrets did not register %q: %v", awssecrets.Scheme, secretref.Schemes())
	}
	// A zero Backend is what init registers: it loads the default
	// configuration on first use (a fresh one here, because the
	// registered backend keeps the clients it made for earlier runs).
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{awssecrets.Scheme: &awssecrets.Backend{}}})
	v, err := r.Get(context.Background(), "ref+awssecrets://"+name+"#/password")
	if err != nil || v != pw {
		t.Fatalf("Get through the default chain: err = %v, value matches = %v", err, v == pw)
	}
}

func TestUnreachable(t *testing.T) {
	_, cfg := testenv.AWS(t)
	cfg.BaseEndpoint = aws.String("http://127.0.0.1:1")
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{"awssecrets": awssecrets.New(cfg)}})
	_, err := r.Get(context.Background(), "ref+awssecrets://some/name#/k")
	if !errors.Is(err, secretref.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}

// TestRoundTripsPerTTL: within one TTL, any number of Gets from any number
// of goroutines makes exactly one GetSecretValue per secret; after the TTL,
// one more per secret.
func TestRoundTripsPerTTL(t *testing.T) {
	cfg, ct := kumoEnv(t)
	const secrets, keys, goroutines = 8, 3, 16
	names := make([]string, secrets)
	for i := range names {
		names[i] = randomName("rt")
		create(t, cfg, names[i], `{"k0":"a","k1":"b","k2":"c"}`)
	}
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	r := secretref.New(secretref.Options{
		TTL:      time.Minute,
		Backends: map[string]secretref.Backend{"awssecrets": awssecrets.New(cfg)},
		Now:      func() time.Time { return time.Unix(0, now.Load()) },
	})
	round := func() {
		var wg sync.WaitGroup
		errs := make(chan error, goroutines)
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range secrets * keys * 4 {
					n := names[(i+g)%secrets]
					if _, err := r.Get(context.Background(), fmt.Sprintf("ref+awssecrets://%s#/k%d", n, i%keys)); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	ct.gets.Store(0)
	round()
	if got := ct.gets.Load(); got != secrets {
		t.Fatalf("first TTL: %d GetSecretValue requests for %d secrets, want %d", got, secrets, secrets)
	}
	now.Add(int64(30 * time.Second))
	round()
	if got := ct.gets.Load(); got != secrets {
		t.Fatalf("within the TTL: %d requests in total, want still %d", got, secrets)
	}
	now.Add(int64(31 * time.Second))
	round()
	if got := ct.gets.Load(); got != 2*secrets {
		t.Fatalf("after the TTL: %d requests in total, want %d", got, 2*secrets)
	}
}

// BenchmarkGet measures Get against the emulator with many goroutines
// asking for a few secrets, and reports the round trips made per secret:
// with a TTL longer than the benchmark it must stay at most 1.
func BenchmarkGet(b *testing.B) {
	cfg, ct := kumoEnv(b)
	const secrets = 4
	names := make([]string, secrets)
	for i := range names {
		names[i] = randomName("bench")
		create(b, cfg, names[i], `{"password":"`+randomValue()+`"}`)
	}
	r := secretref.New(secretref.Options{TTL: time.Hour, Backends: map[string]secretref.Backend{"awssecrets": awssecrets.New(cfg)}})
	ct.gets.Store(0)
	var i atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := names[i.Add(1)%secrets]
			if _, err := r.Get(context.Background(), "ref+awssecrets://"+n+"#/password"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	perSecret := float64(ct.gets.Load()) / secrets
	b.ReportMetric(perSecret, "roundtrips/secret")
	if perSecret > 1 {
		b.Fatalf("%v round trips per secret within one TTL, want at most 1", perSecret)
	}
}

// BenchmarkGetUncached is the cost of one round trip to the emulator, for
// comparison (TTL disabled: every Get fetches).
func BenchmarkGetUncached(b *testing.B) {
	cfg, ct := kumoEnv(b)
	name := randomName("bench")
	create(b, cfg, name, `{"password":"`+randomValue()+`"}`)
	r := secretref.New(secretref.Options{TTL: -1, Backends: map[string]secretref.Backend{"awssecrets": awssecrets.New(cfg)}})
	ct.gets.Store(0)
	b.ResetTimer()
	for b.Loop() {
		if _, err := r.Get(context.Background(), "ref+awssecrets://"+name+"#/password"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ct.gets.Load())/float64(b.N), "roundtrips/op")
}
