package scan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestEnvLookupFallbacks: the literal fallback of an environment lookup in
// Python, Ruby, JS, PHP and Java sources, and a ${VAR:-…} default inside
// a shell command or a Java @Value string, is reported where the variable
// or the assigned name is a secret name, at the literal.
func TestEnvLookupFallbacks(t *testing.T) {
	const lit = "Qx7vLm2pZr9Wt4Kd"
	for name, tc := range map[string]struct {
		src  string
		want []string // rule:line:column
	}{
		"web/settings.py": {
			"import os\nSIGNING_SECRET = os.environ.get(\"SIGNING_SECRET\", \"" + lit + "\")\n" +
				"APP_NAME = os.getenv(\"APP_NAME\", \"billing-service-prod\")\n" +
				"AWS_SECRET_ACCESS_KEY = os.getenv(\"AWS_SECRET_ACCESS_KEY\", \"\")\n" +
				"password = os.getenv(\"DB_PW_VAR\", \"" + lit + "\")\n" +
				"HOME = os.environ.get(\"HOME\", \"/home/app\")\n",
			[]string{"hardcoded-credential:2:52", "hardcoded-credential:5:36"},
		},
		"config/initializers/app.rb": {
			"Rails.application.config.secret = ENV.fetch(\"SECRET_KEY_BASE\") { \"" + lit + "\" }\n" +
				"password = ENV[\"DB_PASSWORD\"] || \"changeme\"\n" +
				"host = ENV.fetch(\"DB_HOST\", \"db.internal\")\n",
			[]string{"hardcoded-credential:1:67"},
		},
		"src/config.js": {
			"module.exports = {\n  apiKey: process.env.API_KEY || \"" + lit + "\",\n  port: process.env.PORT || \"8080\",\n" +
				"  secret: process.env.JWT_SECRET ?? process.env.FALLBACK,\n  url: process.env.API_URL + \"/v1/token\",\n};\n",
			[]string{"hardcoded-credential:2:35"},
		},
		"config/database.php": {
			"<?php\nreturn ['password' => env('DB_PASSWORD', '" + lit + "'), 'username' => env('DB_USERNAME', 'forge')];\n",
			[]string{"hardcoded-credential:2:43"},
		},
		"scripts/restore.sh": {
			"#!/bin/sh\npsql -h db -W \"${PGPASSWORD:-" + lit + "}\" app < dump.sql\npsql -h \"${PGHOST:-localhost}\" app\n",
			[]string{"env-default-secret:2:30"},
		},
		"src/main/java/App.java": {
			"class App {\n  @Value(\"${spring.datasource.password:" + lit + "}\")\n  String pw;\n  @Value(\"${server.port:8080}\")\n  int port;\n}\n",
			[]string{"env-default-secret:2:40"},
		},
	} {
		fs, _ := ScanFile(context.Background(), nil, name, []byte(tc.src))
		var got []string
		lines := strings.Split(tc.src, "\n")
		for _, f := range fs {
			got = append(got, fmt.Sprintf("%s:%d:%d", f.RuleID, f.Line, f.Column))
			if !strings.HasPrefix(lines[f.Line-1][f.Column-1:], lit) {
				t.Errorf("%s: finding at %d:%d is not at the literal", name, f.Line, f.Column)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}
}
