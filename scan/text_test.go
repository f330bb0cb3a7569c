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
