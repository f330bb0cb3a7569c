package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

// TestCrossPackageSummaries: a literal that could be a credential, passed
// to a function of another package of the scanned module whose parameter
// reaches a credential sink or a secret-named field, is reported where it
// is written (as go vet reports it through facts). Words, and packages of
// other modules, are not followed; nothing outside the scanned root is
// read. (The calling file must be one goscan reads at all: goscan.Worth
// passes files with a secret name, a sink or a credential shape.)
func TestCrossPackageSummaries(t *testing.T) {
	root := t.TempDir()
	pw, tok := fakesecret.MixedPassword(24), fakesecret.MixedPassword(28)
	writeTestFile(t, filepath.Join(root, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	writeTestFile(t, filepath.Join(root, "internal", "cache", "cache.go"), `package cache

import "github.com/redis/go-redis/v9"

func New(addr, p string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, Password: p})
}

type Client struct{ APIToken string }

func WithToken(t string) Client { return Client{APIToken: t} }

func Label(name string) string { return name }

func Login(user, password string) error { return nil }
`)
	writeTestFile(t, filepath.Join(root, "cmd", "app", "main.go"), `package main

import (
	"os"

	"example.com/app/internal/cache"
	"example.com/other/cache2"
)

func main() {
	_ = os.Getenv("DB_PASSWORD")
	_ = cache.New("redis.internal:6379", "`+pw+`")
	_ = cache.WithToken("`+tok+`")
	_ = cache.New("redis.internal:6379", "not a password at all")
	_ = cache.Label("`+tok+`")
	_ = cache2.New("redis.internal:6379", "`+pw+`")
	_ = cache.Login("app", "`+tok+`")
}
`)
	// The package's own other files: an unexported helper, called from a
	// file that names no secret and imports no sink.
	writeTestFile(t, filepath.Join(root, "internal", "cache", "helper.go"), `package cache

import "github.com/redis/go-redis/v9"

func dial(addr, pass string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, Password: pass})
}
`)
	writeTestFile(t, filepath.Join(root, "internal", "cache", "warm.go"), `package cache

func Warm() { _ = dial("redis.internal:6379", "`+pw+`") }
`)
	res, err := Run(context.Background(), Options{Paths: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%s", filepath.Base(f.File), f.Line, f.RuleID))
	}
	want := "main.go:12:credential-sink main.go:13:hardcoded-credential main.go:17:hardcoded-credential warm.go:3:credential-sink"
	if strings.Join(got, " ") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
	// Scanning the command alone: the module root is above the scanned
	// root, so the other package is not read.
	res, err = Run(context.Background(), Options{Paths: []string{filepath.Join(root, "cmd")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("scanning cmd/ alone: %d findings, want 0", len(res.Findings))
	}
	// A go.mod-less tree: no package is read.
	if err := os.Remove(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if res, err = Run(context.Background(), Options{Paths: []string{root}}); err != nil || len(res.Findings) != 0 {
		t.Errorf("without go.mod: %d findings (%v), want 0", len(res.Findings), err)
	}
}

// TestCrossPackageModuleLink: a go.mod that is a symbolic link (here to a
// go.mod outside the scanned tree) does not make its directory a module,
// so no other package is read through it.
func TestCrossPackageModuleLink(t *testing.T) {
	outside, root := t.TempDir(), t.TempDir()
	writeTestFile(t, filepath.Join(outside, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	if err := os.Symlink(filepath.Join(outside, "go.mod"), filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if m, found := readGoModule(root); m != nil || !found {
		t.Errorf("readGoModule(linked go.mod) = %v, %v; want no module, found", m, found)
	}
	writeTestFile(t, filepath.Join(outside, "sub", "go.mod"), "module example.com/sub\n")
	m, found := readGoModule(filepath.Join(outside, "sub"))
	if m == nil || !found || m.path != "example.com/sub" {
		t.Fatalf("readGoModule(regular go.mod) = %v, %v; want example.com/sub", m, found)
	}
	_ = m.root.Close()
}

// TestCrossPackageConstants: an exported constant of another package of
// the module whose declaration is not reported (no secret name, no
// provider format) is reported where it reaches a sink or a secret-named
// place, at the use, as go vet reports it; a constant reported where it is
// declared is not reported again at its uses; one used only in a log line
// is nothing.
func TestCrossPackageConstants(t *testing.T) {
	root := t.TempDir()
	fb, pw, banner := fakesecret.Password(14)+"!x9", fakesecret.Password(14)+"#q7", fakesecret.Password(14)+"%z4"
	writeTestFile(t, filepath.Join(root, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	writeTestFile(t, filepath.Join(root, "internal", "config", "config.go"), "package config\n\n// RegistryFallback is used when no registry is configured.\nconst RegistryFallback = \""+fb+"\"\n\nconst DBPassword = \""+pw+"\"\n\nconst Banner = \""+banner+"\"\n")
	use := `package httpclient

import (
	"log"
	"net/http"

	"example.com/app/internal/config"
)

type Login struct{ User, Password string }

func Auth(req *http.Request) {
	req.SetBasicAuth("registry", config.RegistryFallback)
	req.SetBasicAuth("db", config.DBPassword)
	log.Println(config.Banner)
}

var l = Login{User: "svc", Password: config.RegistryFallback}
`
	writeTestFile(t, filepath.Join(root, "internal", "httpclient", "client.go"), use)
	res, err := Run(context.Background(), Options{Paths: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d:%s", filepath.Base(f.File), f.Line, f.Column, f.RuleID))
		if strings.HasSuffix(f.File, "client.go") && !strings.Contains(f.Message, "config.RegistryFallback (declared at config.go:4)") {
			t.Errorf("message %q does not name the constant and its declaration", f.Message)
		}
	}
	lines := strings.Split(use, "\n")
	col := func(line int) int { return strings.Index(lines[line-1], "config.RegistryFallback") + 1 }
	want := fmt.Sprintf("config.go:6:21:hardcoded-credential client.go:13:%d:credential-sink client.go:18:%d:hardcoded-credential", col(13), col(18))
	if strings.Join(got, " ") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}

// TestCrossPackageResults: a literal returned by an exported function of
// another package of the module, which that package does not report, is
// reported at the call where it reaches a sink (directly or through
// u, p := pkg.F()); a result reported where it is written (a secret-named
// function) and one that is no credential are not.
func TestCrossPackageResults(t *testing.T) {
	root := t.TempDir()
	up, mp, tok := fakesecret.MixedPassword(20), fakesecret.Password(12)+"!k4", fakesecret.MixedPassword(24)
	writeTestFile(t, filepath.Join(root, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	writeTestFile(t, filepath.Join(root, "store", "store.go"), "package store\n\nfunc Upstream() string { return \""+up+"\" }\n\nfunc Mirror() (user, p string) { return \"mirror\", \""+mp+"\" }\n\nfunc APIToken() string { return \""+tok+"\" }\n\nfunc Motd() string { return \"Welcome aboard\" }\n")
	use := `package client

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"

	"example.com/app/store"
)

func Auth(req *http.Request) {
	req.SetBasicAuth("up", store.Upstream())
	u, p := store.Mirror()
	req.SetBasicAuth(u, p)
	req.SetBasicAuth("api", store.APIToken())
	req.Header.Set("X-Motd", store.Motd())
	_ = hmac.New(sha256.New, []byte(store.Upstream()))
}
`
	writeTestFile(t, filepath.Join(root, "client", "client.go"), use)
	res, err := Run(context.Background(), Options{Paths: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d:%s", filepath.Base(f.File), f.Line, f.Column, f.RuleID))
	}
	lines := strings.Split(use, "\n")
	want := fmt.Sprintf("client.go:12:%d:credential-sink client.go:13:%d:credential-sink client.go:17:%d:jwt-signing-key store.go:7:34:hardcoded-credential",
		strings.Index(lines[11], "store.")+1, strings.Index(lines[12], "store.")+1, strings.Index(lines[16], "store.")+1)
	if strings.Join(got, " ") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}
