package terraform

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

var fake = fakesecret.Password

type want struct {
	keyPath string
	meta    map[string]string // subset that must be present
}

func scanOne(t *testing.T, kind, src string) *Result {
	t.Helper()
	res, err := Scan([]byte(src), kind, Options{Path: "x." + kind, Scalars: true})
	if err != nil {
		t.Fatalf("Scan: %v\n%s", err, src)
	}
	return res
}

func TestScanConfig(t *testing.T) {
	pw, tok, key, sec, ssm, k8s, url := fake(16), fake(24), fake(20), fake(18), fake(22), fake(20), fake(12)
	src := `terraform {
  backend "s3" {
    bucket = "state"
  }
}

variable "db_password" {
  type    = string
  default = "` + pw + `"
}

variable "conn_value" {
  sensitive = true
  default   = "` + sec + `"
}

variable "not_secret" {
  default = "eu-west-1"
}

variable "ref_password" {
  default = null
}

provider "aws" {
  region     = var.region
  secret_key = "` + key + `"
}

resource "aws_db_instance" "main" {
  username        = "admin"
  password        = "` + pw + `x"
  master_password = var.db_password
  other_password  = data.aws_secretsmanager_secret_version.db.secret_string
  eph_password    = ephemeral.random_password.db.result
  fn_password     = jsondecode(data.x.y.secret_string)["password"]
  ref_token       = "${var.token}"
}

resource "aws_lambda_function" "fn" {
  environment {
    variables = {
      API_TOKEN = "` + tok + `"
      LOG_LEVEL = "info"
    }
  }
}

resource "aws_ecs_task_definition" "t" {
  container_definitions = jsonencode([{
    environment = [{ name = "DB_PASSWORD", value = "` + pw + `y" }]
  }])
}

resource "aws_ssm_parameter" "p" {
  type  = "SecureString"
  value = "` + ssm + `"
}

resource "aws_ssm_parameter" "plain" {
  type  = "String"
  value = "` + fake(22) + `"
}

resource "kubernetes_secret" "s" {
  data = {
    conn     = "` + k8s + `"
    username = "robot$ci"
  }
}

resource "helm_release" "db" {
  name = "db"
  set {
    name  = "auth.postgresPassword"
    value = "` + pw + `h"
  }
  set {
    name  = "replicaCount"
    value = "3"
  }
  set_sensitive {
    name  = "auth.replication"
    value = "` + sec + `h"
  }
}

locals {
  api_key = "` + tok + `z"
  db_url  = "postgres://app:` + url + `@${var.host}/db"
  region  = "eu-west-1"
}

output "admin_password" {
  value     = sensitive("` + pw + `o")
  sensitive = true
}
`
	res := scanOne(t, Config, src)
	wants := []want{
		{"variable.db_password.default", map[string]string{MetaBlock: "variable", MetaName: "db_password", MetaAttribute: "default", MetaWhole: "true"}},
		{"variable.conn_value.default", map[string]string{MetaSensitive: "true"}},
		{"provider.aws.secret_key", map[string]string{MetaBlock: "provider", MetaName: "aws", MetaAttribute: "secret_key"}},
		{"resource.aws_db_instance.main.password", map[string]string{MetaBlock: "resource", MetaResourceType: "aws_db_instance", MetaName: "main", MetaLabels: "aws_db_instance,main", MetaAttribute: "password", MetaPath: "password", MetaWhole: "true", "format": "terraform", MetaFile: "tf"}},
		{"resource.aws_lambda_function.fn.environment.variables.API_TOKEN", map[string]string{MetaAttribute: "environment", MetaPath: "environment.variables.API_TOKEN"}},
		{`resource.aws_ecs_task_definition.t.container_definitions[0].environment["DB_PASSWORD"].value`, map[string]string{MetaAttribute: "container_definitions"}},
		{"resource.aws_ssm_parameter.p.value", map[string]string{MetaResourceType: "aws_ssm_parameter", MetaWhole: "true"}},
		{"resource.kubernetes_secret.s.data.conn", map[string]string{MetaAttribute: "data"}},
		{`resource.helm_release.db.set["auth.postgresPassword"].value`, map[string]string{MetaAttribute: "set", MetaPath: `set["auth.postgresPassword"].value`}},
		{`resource.helm_release.db.set_sensitive["auth.replication"].value`, nil},
		{"locals.api_key", map[string]string{MetaBlock: "locals", MetaName: "api_key", MetaAttribute: "api_key"}},
		{"locals.db_url", nil},
		{"output.admin_password.value", map[string]string{MetaBlock: "output"}},
	}
	got := map[string]int{}
	for _, f := range res.Findings {
		got[f.KeyPath]++
	}
	for _, w := range wants {
		if got[w.keyPath] != 1 {
			t.Errorf("%s: %d findings, want 1 (got %v)", w.keyPath, got[w.keyPath], got)
			continue
		}
		for _, f := range res.Findings {
			if f.KeyPath != w.keyPath {
				continue
			}
			for k, v := range w.meta {
				if f.Meta[k] != v {
					t.Errorf("%s: Meta[%s] = %q, want %q", w.keyPath, k, f.Meta[k], v)
				}
			}
			if f.Meta["format"] != "terraform" {
				t.Errorf("%s: format %q", w.keyPath, f.Meta["format"])
			}
		}
	}
	if len(res.Findings) != len(wants) {
		for _, f := range res.Findings {
			t.Logf("found %s %s", f.KeyPath, f.RuleID)
		}
		t.Errorf("%d findings, want %d", len(res.Findings), len(wants))
	}
	// Positions: the secret span is the value inside the quotes, the
	// value span the quoted token.
	lines := strings.Split(src, "\n")
	for _, f := range res.Findings {
		if f.KeyPath != "resource.aws_db_instance.main.password" {
			continue
		}
		line := lines[f.Line-1]
		if got := line[f.Column-1 : f.EndColumn-1]; got != pw+"x" {
			t.Errorf("secret span reads %q", got)
		}
		if got := src[f.Offset:f.EndOffset]; got != `"`+pw+`x"` {
			t.Errorf("value span reads %q", got)
		}
		if f.Secret.Reveal() != pw+"x" {
			t.Error("secret value differs")
		}
	}
}

func TestScanHeredocAndScalars(t *testing.T) {
	pw := fake(16)
	src := "resource \"aws_instance\" \"web\" {\n  user_data = <<-EOT\n    #!/bin/bash\n    export DB_PASSWORD=" + pw + "\n  EOT\n  tags = { Name = \"web\" }\n}\n"
	res := scanOne(t, Config, src)
	if len(res.Texts) != 1 {
		t.Fatalf("%d texts, want 1", len(res.Texts))
	}
	tx := res.Texts[0]
	if !strings.Contains(src[tx.ValStart:tx.ValEnd], "export DB_PASSWORD="+pw) {
		t.Errorf("text region %q", src[tx.ValStart:tx.ValEnd])
	}
	var paths []string
	for _, sc := range res.Scalars {
		paths = append(paths, sc.KeyPath)
		if sc.Meta["format"] != Format || sc.Format != Format {
			t.Errorf("scalar %s without format", sc.KeyPath)
		}
	}
	if strings.Join(paths, " ") != "resource.aws_instance.web.user_data resource.aws_instance.web.tags.Name" {
		t.Errorf("scalars %v", paths)
	}
}

// TestScanPluralList: the elements of a list named by a plural secret
// name (passwords = ["…"]) are judged as secrets; a list of names is not.
func TestScanPluralList(t *testing.T) {
	pw := fake(20)
	src := "resource \"aws_elasticache_user\" \"app\" {\n  user_name = \"app\"\n  passwords = [\"" + pw + "\"]\n" +
		"  tags = [\"a\", \"b\"]\n  secret_names = [\"db\", \"api\"]\n}\n"
	res := scanOne(t, Config, src)
	if len(res.Findings) != 1 || res.Findings[0].KeyPath != "resource.aws_elasticache_user.app.passwords[0]" {
		t.Fatalf("findings %+v", res.Findings)
	}
	if f := res.Findings[0]; f.Secret.Reveal() != pw || f.Line != 3 {
		t.Errorf("finding at line %d does not hold the planted value", f.Line)
	}
}

func TestScanVars(t *testing.T) {
	pw, tok := fake(16), fake(24)
	res := scanOne(t, Vars, "db_password = \""+pw+"\"\ninstance_type = \"t3.micro\"\nsettings = {\n  api_token = \""+tok+"\"\n}\n")
	if len(res.Findings) != 2 || res.Findings[0].KeyPath != "db_password" || res.Findings[1].KeyPath != "settings.api_token" {
		t.Fatalf("findings %+v", res.Findings)
	}
	if m := res.Findings[0].Meta; m[MetaBlock] != "tfvars" || m[MetaName] != "db_password" || m[MetaWhole] != "true" || m[MetaFile] != Vars {
		t.Errorf("meta %v", m)
	}
	res = scanOne(t, VarsJSON, `{"db_password": "`+pw+`", "region": "eu-west-1", "nested": {"client_secret": "`+tok+`"}, "n": [1, 2]}`)
	if len(res.Findings) != 2 || res.Findings[0].KeyPath != "db_password" || res.Findings[1].KeyPath != "nested.client_secret" {
		t.Fatalf("json findings %+v", res.Findings)
	}
	f := res.Findings[0]
	if f.Meta[MetaFile] != VarsJSON || f.Meta[MetaWhole] != "true" {
		t.Errorf("json meta %v", f.Meta)
	}
}

func TestScanCleanReferences(t *testing.T) {
	src := `
variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_db_instance" "main" {
  password          = var.db_password
  master_password   = random_password.db.result
  secret_key        = data.aws_secretsmanager_secret_version.x.secret_string
  token             = ephemeral.vault_kv_secret_v2.db.data["token"]
  client_secret     = "${var.client_secret}"
  access_key        = lookup(var.keys, "prod")
  api_key           = local.api_key
  password_wo       = ephemeral.aws_secretsmanager_secret_version.db.secret_string
  auth_token        = ""
  db_password       = "changeme"
  admin_password    = "<your-password>"
}
`
	res := scanOne(t, Config, src)
	for _, f := range res.Findings {
		t.Errorf("reference or placeholder reported: %s (%s)", f.KeyPath, f.Message)
	}
}

func TestScanSyntaxError(t *testing.T) {
	_, err := Scan([]byte("resource \"x\" {\n  password = \n"), Config, Options{})
	if err == nil {
		t.Fatal("no error for broken HCL")
	}
	if ErrLine(err) == 0 {
		t.Errorf("no line in %v", err)
	}
}

func TestKindOf(t *testing.T) {
	for p, k := range map[string]string{"main.tf": Config, "a/prod.tfvars": Vars, "x.auto.tfvars.json": VarsJSON, "main.tf.json": "", "x.hcl": ""} {
		if got := KindOf(p); got != k {
			t.Errorf("KindOf(%s) = %q, want %q", p, got, k)
		}
	}
}

// FuzzScan: any input either fails to parse or yields findings whose
// spans lie inside the file, never a panic.
func FuzzScan(f *testing.F) {
	f.Add([]byte("variable \"p\" {\n  sensitive = true\n  default = \"Zq8vN2pLx7Rm4TkW\"\n}\n"), 0)
	f.Add([]byte("resource \"a\" \"b\" {\n  user_data = <<-EOT\n    export DB_PASSWORD=Mq7Rz2Kx9Lp4Vn8W\n  EOT\n  x = jsonencode([{ name = \"A_TOKEN\", value = \"q\\\"${var.x}\" }])\n}\n"), 0)
	f.Add([]byte("db_password = \"Xk9Lm2Qp7Rv4Wz8N\"\nm = { api_key = 3 }\n"), 1)
	f.Add([]byte(`{"db_password": "Jq4Nx8Lm2Kp7Rw9V", "t": {"api_token": ["a", 1]}}`), 2)
	kinds := []string{Config, Vars, VarsJSON}
	f.Fuzz(func(t *testing.T, src []byte, k int) {
		if k < 0 {
			k = -k
		}
		res, err := Scan(src, kinds[k%len(kinds)], Options{})
		if err != nil {
			return
		}
		for _, fd := range res.Findings {
			if fd.Offset < 0 || fd.EndOffset > len(src) || fd.Offset > fd.EndOffset {
				t.Fatalf("finding span %d-%d outside %d bytes", fd.Offset, fd.EndOffset, len(src))
			}
		}
		for _, sc := range res.Scalars {
			if sc.Start < 0 || sc.End > len(src) || sc.ValStart < sc.Start || sc.ValEnd > sc.End {
				t.Fatalf("scalar span %+v outside %d bytes", sc.Span, len(src))
			}
		}
	})
}
