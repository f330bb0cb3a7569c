package scan_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/scan"
)

// ecKeyPEM returns a fresh EC private key as a PEM block, made at test time.
func ecKeyPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
}

// TestTestSupportFixtures: a PEM private key in test support code that is
// not named like a test (a testcerts package, a testing.go helper, an e2e
// harness's manifest) is a fixture: reported at low severity with the
// test-file tag, so that --fail-on high passes. The same key elsewhere
// stays high or critical, and a name-based finding in a Go helper file is
// quiet like in a _test.go file.
func TestTestSupportFixtures(t *testing.T) {
	block := ecKeyPEM(t)
	goKey := "package p\n\nconst keyPEM = `" + block + "`\n"
	root := t.TempDir()
	files := map[string]string{
		"pkg/testcerts/certs.go":          goKey,
		"pkg/server/testing.go":           goKey + "\nvar adminPassword = \"Wq5vLm2kZx9wR8\"\n",
		"tools/e2e-framework/secret.yaml": "key: |\n  " + strings.ReplaceAll(strings.TrimSpace(block), "\n", "\n  ") + "\n",
		"pkg/server/certs.go":             goKey,
	}
	for p, c := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{root}, Config: defaultConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(root, f.File)
		got[filepath.ToSlash(rel)] = append(got[filepath.ToSlash(rel)], f)
	}
	for p := range files {
		fs := got[p]
		if len(fs) != 1 || fs[0].RuleID != "private-key" {
			t.Errorf("%s: findings %v, want one private-key", p, fs)
			continue
		}
		support := p != "pkg/server/certs.go"
		if low := fs[0].Severity == finding.SeverityLow && fs[0].HasTag("test-file"); low != support {
			t.Errorf("%s: severity %v tags %v, want low with test-file: %v", p, fs[0].Severity, fs[0].Tags, support)
		}
	}
}
