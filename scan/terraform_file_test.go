package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

// TestTerraformOneFindingPerSecret checks the wiring of the Terraform
// scanner: a provider-format key under a secret argument is one finding
// (the provider rule's, with the argument's block path and metadata), a
// provider key in a heredoc under a plain name is placed in the block, a
// KEY=value line inside a heredoc is found, references are clean, and a
// file that does not parse falls back to the line scanner with a notice.
func TestTerraformOneFindingPerSecret(t *testing.T) {
	// A fixed fake key id: the name rule must also judge it a credential
	// (the structural finding this test sees absorbed), and a random one
	// sometimes reads as words or a sequence to it, which made the test
	// fail about one run in six.
	const akid = "AKIA" + "Q7ZK2W5XRTN4PJ3M"
	ghp := fakesecret.GitHubPAT()
	pw := fakesecret.MixedPassword(16)
	src := `provider "aws" {
  access_key = "` + akid + `"
  region     = var.region
}

resource "aws_instance" "web" {
  user_data = <<EOT
#!/bin/sh
echo ` + ghp + ` > /etc/token
export DB_PASSWORD=` + pw + `
EOT
}

resource "aws_db_instance" "db" {
  password = var.db_password
}
`
	fs, notices := ScanFile(context.Background(), nil, "infra/main.tf", []byte(src))
	if len(notices) != 0 {
		t.Errorf("notices: %v", notices)
	}
	byLine := map[int][]string{}
	for _, f := range fs {
		byLine[f.Line] = append(byLine[f.Line], f.RuleID)
		t.Logf("%d %s %s %v", f.Line, f.RuleID, f.KeyPath, f.Meta)
	}
	if len(fs) != 3 {
		t.Fatalf("%d findings, want 3: %v", len(fs), byLine)
	}
	want := []struct {
		line    int
		rule    string
		keyPath string
		attr    string
	}{
		{2, "aws-access-token", "provider.aws.access_key", "access_key"},
		{9, "github-pat", "resource.aws_instance.web.user_data", "user_data"},
		{10, "hardcoded-credential", "resource.aws_instance.web.user_data", "user_data"},
	}
	for i, w := range want {
		f := fs[i]
		if f.Line != w.line || f.RuleID != w.rule || f.KeyPath != w.keyPath || f.Meta["format"] != "terraform" || f.Meta["tf.attribute"] != w.attr {
			t.Errorf("finding %d: line %d %s %s %v, want line %d %s %s", i, f.Line, f.RuleID, f.KeyPath, f.Meta, w.line, w.rule, w.keyPath)
		}
	}
	if fs[0].Meta["tf.whole"] != "true" || !strings.Contains(fs[0].Meta["also"], "hardcoded-credential") {
		t.Errorf("access_key finding meta %v: want tf.whole and the structural finding absorbed", fs[0].Meta)
	}
	if fs[1].Meta["tf.whole"] != "" || fs[1].Meta["tf.embedded"] != "text" {
		t.Errorf("heredoc token meta %v: want tf.embedded, no tf.whole", fs[1].Meta)
	}
	if got := src[fs[0].Offset:fs[0].EndOffset]; got != `"`+akid+`"` {
		t.Errorf("access_key value span %q", got)
	}

	fs, notices = ScanFile(context.Background(), nil, "broken.tf", []byte("resource \"x\" \"y\" {\n  password = \""+pw+"\"\n"))
	if len(notices) != 1 || notices[0].Kind != "terraform-fallback" {
		t.Errorf("notices %v, want one terraform-fallback", notices)
	}
	if len(fs) != 1 || fs[0].Line != 2 {
		t.Errorf("fallback findings %v", fs)
	}
}
