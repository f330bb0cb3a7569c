package scan

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestCLIPasswords(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want []string // rule:line
	}{
		"deploy.sh": {
			"#!/bin/sh\nmysql -u root -pR00tMySQL shop < schema.sql\nmysql -u root -p shop\nsshpass -p 'S3cretPass!' ssh host\nredis-cli -a \"$REDIS_PASSWORD\" ping\n# mysql -pCommentedOut9x\n",
			[]string{"cli-password:2", "cli-password:4"},
		},
		"Dockerfile": {
			"FROM mysql:8\nRUN mysqladmin -u root -pZt8kQ2vLm91x create shop\n",
			[]string{"cli-password:2"},
		},
		"start.sh": {
			"docker run \\\n  --env MYSQL_ROOT_PASSWORD=testpassword \\\n  --env API_TOKEN=Zq9vLm2kXw7p4411abQ \\\n  mysql\nredis-server --requirepass Kd83jfLq02mZx7\necho \"ADMIN_PASSWORD=Fz3#Bq7!Ud4%\" >> /etc/app.env\nmongodump -u backup -p \"$(cat /run/secrets/mongo)\" --archive\n",
			[]string{"hardcoded-credential:3", "cli-password:5", "hardcoded-credential:6"},
		},
		"hosts.ini": {
			"[web]\nweb1 ansible_host=10.0.0.1 ansible_user=deploy ansible_become_pass=Heron_Basalt_66\n",
			[]string{"hardcoded-credential:2"},
		},
		"main.tf": {
			"variable \"db_password\" {\n  type    = string\n  default = \"Pewter~Hollow61\"\n}\nresource \"x\" \"y\" {\n  password = var.db_password\n  token    = sensitive(var.t)\n  user_data = <<EOF\nexport DB_PASS=Fz3Bq7Ud4Lm9\nEOF\n}\n",
			[]string{"hardcoded-credential:3", "hardcoded-credential:9"},
		},
		".github/workflows/ci.yml": {
			"on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mysql -h db -u ci -pHx8kLm2qZw7v < seed.sql\n      - run: mysql -h db -u ci -p\"${{ secrets.DB_PASSWORD }}\" < seed.sql\n",
			[]string{"cli-password:6"},
		},
	} {
		fs, notices := ScanFile(context.Background(), nil, name, []byte(tc.src))
		for _, n := range notices {
			t.Errorf("%s: notice %v", name, n)
		}
		var got []string
		for _, f := range fs {
			got = append(got, fmt.Sprintf("%s:%d", f.RuleID, f.Line))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}
}
