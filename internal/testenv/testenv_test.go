package testenv

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func TestAWS(t *testing.T) {
	url, cfg := AWS(t)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || aws.ToString(cfg.BaseEndpoint) != url {
		t.Fatalf("url %q, BaseEndpoint %q", url, aws.ToString(cfg.BaseEndpoint))
	}
	if cfg.Region != "us-east-1" {
		t.Errorf("region %q", cfg.Region)
	}
	creds, err := cfg.Credentials.Retrieve(t.Context())
	if err != nil || !strings.HasPrefix(creds.AccessKeyID, "ASIA") || len(creds.AccessKeyID) != 20 {
		t.Errorf("credentials %q, %v", creds.AccessKeyID, err)
	}
	client := secretsmanager.NewFromConfig(cfg)
	if _, err := client.ListSecrets(t.Context(), &secretsmanager.ListSecretsInput{}); err != nil {
		t.Errorf("ListSecrets against kumo: %v", err)
	}
}

func TestVault(t *testing.T) {
	addr, token := Vault(t)
	if !strings.HasPrefix(addr, "http://127.0.0.1:") || !strings.HasPrefix(token, "dev-") {
		t.Fatalf("addr %q, token shape %d chars", addr, len(token))
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, addr+"/v1/sys/mounts/secret/tune", nil)
	req.Header.Set("X-Vault-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("secret/ mount: HTTP %d", resp.StatusCode)
	}
	home, _ := os.UserHomeDir()
	if b, err := os.ReadFile(filepath.Join(home, ".vault-token")); err == nil && strings.TrimSpace(string(b)) == token {
		t.Errorf("the dev server wrote its root token to ~/.vault-token")
	}
}

func TestVaultSkipsWithoutBinary(t *testing.T) {
	t.Setenv(EnvVaultBin, filepath.Join(t.TempDir(), "no-vault"))
	t.Setenv(EnvRequireVault, "")
	var skipped bool
	t.Run("sub", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Vault(t)
		t.Error("Vault returned without a binary")
	})
	if !skipped {
		t.Error("Vault did not skip without a binary")
	}
}

// With SECRETLINT_REQUIRE_VAULT=1 a missing binary fails the test; run
// that in a child process so that this test can observe the failure.
func TestVaultRequiredFailsWithoutBinary(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") == "1" {
		Vault(t)
		return
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestVaultRequiredFailsWithoutBinary$", "-test.v")
	cmd.Env = append(os.Environ(), "TESTENV_CHILD=1", EnvRequireVault+"=1", EnvVaultBin+"="+filepath.Join(t.TempDir(), "no-vault"))
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("child passed; output:\n%s", out)
	}
	if !strings.Contains(string(out), "scripts/vault-dev.sh build") || !strings.Contains(string(out), "--- FAIL") {
		t.Errorf("child output lacks the failure and the build hint:\n%s", out)
	}
}

func TestRepoRoot(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "remediate", "store.go")); err != nil {
		t.Errorf("repoRoot() = %q, which lacks remediate/store.go", root)
	}
}
