package remediate

import (
	"strings"
	"testing"
)

// TestRedactGenerated: context lines of a plan's diff never show a value
// that reads as generated, even one the scan did not report (a custom YAML
// tag, an unknown key); names, references and prose stay readable.
func TestRedactGenerated(t *testing.T) {
	in := "token: !custom Dc6TagTk9Lp2Wq7x\n" +
		"  password: \"{{ env_var('DBT_ENV_SECRET_JAFFLE_SHOP_DEV_PASSWORD') }}\"\n" +
		"  key: ref+vault://secret/secretlint/deploy/values#/tls.private_key\n" +
		"  image: registry.example.com/team/app:v1.2.3 # the release image\n"
	got := redactGenerated(in)
	if strings.Contains(got, "Dc6TagTk9Lp2Wq7x") || !strings.Contains(got, "token: !custom "+Redacted+"\n") {
		t.Errorf("a generated value shown:\n%s", got)
	}
	if rest := strings.SplitN(got, "\n", 2)[1]; rest != strings.SplitN(in, "\n", 2)[1] {
		t.Errorf("names, references or prose changed:\n%s", rest)
	}
}
