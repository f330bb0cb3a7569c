package scan_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/scan"
)

// TestSecretTLSKeyFixture: a test manifest's Secret whose tls.key is a PEM
// private key (base64, as data holds it) is a fixture like the same key
// in a .pem file there: low severity with the test-file tag. Outside test
// support it stays high, and a password next to it in test data stays
// what it was.
func TestSecretTLSKeyFixture(t *testing.T) {
	tlsKey := base64.StdEncoding.EncodeToString([]byte(ecKeyPEM(t)))
	pw := base64.StdEncoding.EncodeToString([]byte("Wq5vLm2kZx9wR8tY"))
	src := "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gw\ntype: kubernetes.io/tls\ndata:\n  tls.key: " + tlsKey + "\n  password: " + pw + "\n"
	severities := func(p string) map[string]finding.Severity {
		fs, _ := scan.ScanFile(context.Background(), defaultConfig(t), p, []byte(src))
		got := map[string]finding.Severity{}
		for _, f := range fs {
			if f.RuleID == "kubernetes-secret-data" {
				got[f.KeyPath] = f.Severity
				if p != "deploy/gateway-secret.yaml" && !f.HasTag("test-file") {
					t.Errorf("%s %s: no test-file tag", p, f.KeyPath)
				}
			}
		}
		return got
	}
	for _, p := range []string{"operator/pkg/gateway-api/testdata/gateway/secrets.yaml", "pkg/provider/kubernetes/gateway/fixtures/tls.yml"} {
		got := severities(p)
		if got[`data["tls.key"]`] != finding.SeverityLow {
			t.Errorf("%s: tls.key severity %v, want low", p, got[`data["tls.key"]`])
		}
		if got["data.password"] != finding.SeverityHigh {
			t.Errorf("%s: password severity %v, want high", p, got["data.password"])
		}
	}
	if got := severities("deploy/gateway-secret.yaml"); got[`data["tls.key"]`] != finding.SeverityHigh {
		t.Errorf("outside test support: tls.key severity %v, want high", got[`data["tls.key"]`])
	}
}
