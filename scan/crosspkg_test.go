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
	pw, tok := fakesecret.Password(24), fakesecret.Password(28)
	writeTestFile(t, filepath.Join(root, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	writeTestFile(t, filepath.Join(root, "internal", "cache", "cache.go"), `package cache

import "github.com/redis/go-redis/v9"

func New(addr, p string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, Password: p})
}

type Client struct{ APIToken string }

func WithToken(t string) Client { return Client{APIToken: t} }

func Label(name string) string { return name }
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
	want := "main.go:12:credential-sink main.go:13:hardcoded-credential warm.go:3:credential-sink"
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
