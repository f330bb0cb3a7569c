// Package testenv starts the real backends that store tests run against: a
// HashiCorp Vault dev server and the kumo AWS emulator.
//
// Vault needs a binary, built once by scripts/vault-dev.sh build into
// .tools/bin/vault (or named by $SECRETLINT_VAULT_BIN). Without one, Vault
// tests skip with a message saying how to build it, unless
// SECRETLINT_REQUIRE_VAULT=1, when they fail: CI sets it so that the real
// server is always exercised.
package testenv

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/sivchari/kumo"
)

const (
	modulePath = "github.com/secretlint-go/secretlint"
	// EnvVaultBin names a Vault binary to use instead of .tools/bin/vault.
	EnvVaultBin = "SECRETLINT_VAULT_BIN"
	// EnvRequireVault, set to 1, turns a missing Vault binary into a failure.
	EnvRequireVault = "SECRETLINT_REQUIRE_VAULT"
)

// VaultServer is a running Vault dev server.
type VaultServer struct {
	Addr  string // http://127.0.0.1:PORT
	Token string // the root token

	cmd  *exec.Cmd
	done chan struct{}
	log  string
}

var shared struct {
	mu      sync.Mutex
	enabled bool
	server  *VaultServer
	err     error
}

// Main runs the tests of a package that shares one Vault dev server among
// all its tests, and stops that server when they end. Use it from TestMain:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
// Without it, Vault starts one server per calling test.
func Main(m *testing.M) {
	shared.mu.Lock()
	shared.enabled = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	if shared.server != nil {
		shared.server.stop()
	}
	shared.mu.Unlock()
	os.Exit(code)
}

// Vault returns the address and root token of a Vault dev server with KV
// v2 mounted at secret/. Under Main the server is started once per test
// binary (that is, per package); otherwise it is started for t and stopped
// when t ends. If no Vault binary exists, Vault skips t (or fails it, when
// SECRETLINT_REQUIRE_VAULT=1).
func Vault(t testing.TB) (addr, token string) {
	t.Helper()
	bin := vaultBinary(t)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.enabled {
		srv, err := startVault(bin)
		if err != nil {
			t.Fatalf("starting vault dev server: %v", err)
		}
		t.Cleanup(srv.stop)
		return srv.Addr, srv.Token
	}
	if shared.server == nil && shared.err == nil {
		shared.server, shared.err = startVault(bin)
	}
	if shared.err != nil {
		t.Fatalf("starting vault dev server: %v", shared.err)
	}
	return shared.server.Addr, shared.server.Token
}

// vaultBinary finds the Vault binary or ends t.
func vaultBinary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv(EnvVaultBin)
	if bin == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatalf("finding the repository root: %v", err)
		}
		bin = filepath.Join(root, ".tools", "bin", "vault")
	}
	if fi, err := os.Stat(bin); err == nil && !fi.IsDir() {
		return bin
	}
	msg := fmt.Sprintf("no Vault binary at %s: run scripts/vault-dev.sh build (or set %s)", bin, EnvVaultBin)
	if os.Getenv(EnvRequireVault) == "1" {
		t.Fatalf("%s; %s=1 requires the real Vault tests to run", msg, EnvRequireVault)
	}
	t.Skip(msg)
	return ""
}

// repoRoot walks up from the working directory (a package directory under
// go test) to the directory whose go.mod declares this module.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
					if fields[1] == modulePath {
						f.Close()
						return dir, nil
					}
					break
				}
			}
			f.Close()
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod for module %s above the working directory", modulePath)
		}
		dir = parent
	}
}

func startVault(bin string) (*VaultServer, error) {
	// Another process may take the free port between our probe and
	// Vault's listen; try a few ports.
	var last error
	for range 3 {
		srv, err := startVaultOnce(bin)
		if err == nil {
			return srv, nil
		}
		last = err
	}
	return nil, last
}

func startVaultOnce(bin string) (*VaultServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	dir, err := os.MkdirTemp("", "secretlint-vault-*")
	if err != nil {
		return nil, err
	}
	srv := &VaultServer{
		Addr:  fmt.Sprintf("http://127.0.0.1:%d", port),
		Token: "dev-" + hex.EncodeToString(tok),
		done:  make(chan struct{}),
		log:   filepath.Join(dir, "vault.log"),
	}
	logf, err := os.Create(srv.log)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	// -dev-no-store-token: never overwrite the developer's ~/.vault-token.
	// HOME points at the temporary directory as a second guard.
	srv.cmd = exec.Command(bin, "server", "-dev", "-dev-no-store-token",
		"-dev-root-token-id="+srv.Token,
		fmt.Sprintf("-dev-listen-address=127.0.0.1:%d", port))
	srv.cmd.Env = append(os.Environ(), "HOME="+dir, "VAULT_ADDR=", "VAULT_TOKEN=")
	srv.cmd.Stdout = logf
	srv.cmd.Stderr = logf
	killWithParent(srv.cmd)
	if err := srv.cmd.Start(); err != nil {
		return nil, fmt.Errorf("running %s: %w", bin, err)
	}
	go func() {
		_ = srv.cmd.Wait()
		close(srv.done)
	}()
	if err := srv.waitReady(60 * time.Second); err != nil {
		srv.stop()
		return nil, fmt.Errorf("%w (log: %s)", err, srv.log)
	}
	return srv, nil
}

// waitReady polls sys/health until the dev server is initialised, unsealed
// and active (HTTP 200).
func (s *VaultServer) waitReady(limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Addr+"/v1/sys/health", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return errors.New("vault exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("vault not ready after %s", limit)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (s *VaultServer) stop() {
	if s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	_ = os.RemoveAll(filepath.Dir(s.log))
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// AWS starts an in-process kumo AWS emulator for t and returns its URL and
// an aws.Config aimed at it: region us-east-1, static credentials generated
// for this test (no real credential is read or needed), and BaseEndpoint set
// to the emulator. The config is built directly rather than by
// config.LoadDefaultConfig, so the developer's environment and ~/.aws never
// leak into a test. The emulator stops when t ends.
//
// kumo registers its services once per process, so all its servers in one
// test binary share their data: tests must use names of their own.
func AWS(t testing.TB) (url string, cfg aws.Config) {
	t.Helper()
	srv := kumo.NewServer()
	t.Cleanup(srv.Close)
	cfg = aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(FakeAccessKeyID(), hex.EncodeToString(randBytes(20)), ""),
		BaseEndpoint: aws.String(srv.URL),
		// Fail fast: tests exercise our retry logic, not the SDK's.
		RetryMaxAttempts: 1,
	}
	return srv.URL, cfg
}

// FakeAccessKeyID returns a random string shaped like a temporary AWS access
// key ID, for emulators and tests. It is not a credential.
func FakeAccessKeyID() string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := randBytes(16)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return "ASIA" + string(b)
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
