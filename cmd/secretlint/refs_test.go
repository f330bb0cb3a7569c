package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testenv"
)

// recorder is a reverse proxy in front of the AWS emulator that records
// the Secrets Manager operation of every request (X-Amz-Target).
type recorder struct {
	mu  sync.Mutex
	ops []string
}

func (r *recorder) calls(op string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, o := range r.ops {
		if o == op {
			n++
		}
	}
	return n
}

func recordingProxy(t *testing.T, target string) (string, *recorder) {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.ops = append(rec.ops, r.Header.Get("X-Amz-Target"))
		rec.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, rec
}

func kumoEnv(t *testing.T) string {
	url, cfg := testenv.AWS(t)
	creds, _ := cfg.Credentials.Retrieve(t.Context())
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": creds.AccessKeyID, "AWS_SECRET_ACCESS_KEY": creds.SecretAccessKey, "AWS_REGION": "us-east-1",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull, "AWS_ENDPOINT_URL": "",
	} {
		t.Setenv(k, v)
	}
	return url
}

func TestRefsScratch(t *testing.T) {
	url := kumoEnv(t)
	proxy, rec := recordingProxy(t, url)
	root := copyFixture(t)
	code, out, errOut := cli(t, nil, "remediate", "-C", root, "--backend", "aws", "--prefix", "refsscratch", "--endpoint", url, "--apply", "--yes", "--no-diff")
	t.Logf("remediate %d\n%s\n%s", code, out, errOut)
	code, out, errOut = cli(t, nil, "refs", "-C", root, "--backend", "aws", "--prefix", "refsscratch", "--endpoint", proxy)
	t.Logf("refs %d\n%s\n%s", code, out, errOut)
	t.Logf("ops %v", rec.ops)
	tr := tree(t, root)
	for p, c := range tr {
		if len(p) > 11 && p[:11] == ".secretlint" && p[12:16] == "poli" {
			t.Logf("%s:\n%s", p, c)
		}
	}
}
