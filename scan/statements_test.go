package scan_test

import (
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

// TestTextClassesStatements: credentials set by a statement rather than
// an assignment operator: SQL CREATE/ALTER ROLE|USER … PASSWORD '…' and
// IDENTIFIED BY '…', PHP define('NAME', '…'), and a header an nginx or
// Apache server sets (Authorization "Basic …"). A stored verifier, a psql
// variable, a public or non-secret define and a non-credential header are
// not reported.
func TestTextClassesStatements(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: "sql", path: "db/migrations/0003_roles.up.sql", content: `-- roles
CREATE ROLE reporting LOGIN PASSWORD '@PW@';
CREATE USER 'app'@'%' IDENTIFIED BY '@PW@';
ALTER USER metrics WITH PASSWORD '@PW@' VALID UNTIL 'infinity';
CREATE USER dashboards WITH ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:R2HA80kWDbemES6U0OVBDA==$BulWLEatvreUqDsWDApXH0IBKP2UZpuxa+sH4fYb9PM=:F1qG7XzbQR+rYwLMvulkgXxZi2ut1hrBWs/pL3mU2t0=';
CREATE USER grafana_ro WITH PASSWORD :'grafana_password';
ALTER ROLE reporting SET statement_timeout = '30s';
CREATE ROLE readonly NOLOGIN;
`, want: []int{2, 3, 4}},
		{name: "php", path: "legacy/config.php", content: `<?php
define('DB_HOST', 'db.internal');
define('DB_PASSWORD', '@PW@');
define("API_SECRET", "@PW@");
define('SECRET_KEY_LENGTH', '64');
define('DB_PASSWORD_FILE', '/run/secrets/db');
`, want: []int{3, 4}},
		{name: "nginx", path: "ops/nginx/site.conf", content: `server {
    location /legacy/ {
        proxy_set_header Authorization "Basic @B64@";
        proxy_set_header X-Api-Key @PW@;
        proxy_set_header Authorization $http_authorization;
        proxy_set_header Host $host;
        add_header X-Frame-Options "SAMEORIGIN";
    }
}
`, want: []int{3, 4}},
		{name: "apache", path: "conf/httpd.conf", content: `RequestHeader set Authorization "Bearer @PW@"
RequestHeader set X-Forwarded-Proto "https"
`, want: []int{1}},
		{name: "apache setenv", path: "ops/apache/portal.conf", content: `<VirtualHost *:443>
    SetEnv DB_HOST legacy-mysql.internal
    SetEnv DB_USER portal_legacy
    SetEnv DB_PASS @PW@
    SetEnv APP_ENV production
    PerlSetVar ApiToken "@PW@"
    php_admin_value mysql.default_password @PW@
    SetEnv DB_PASSWORD_FILE /run/secrets/db
</VirtualHost>
`, want: []int{4, 6, 7}},
		{name: "nginx fastcgi", path: "ops/nginx/php.conf", content: `location ~ \.php$ {
    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    fastcgi_param DB_PASSWORD @PW@;
    fastcgi_param APP_SECRET "@PW@";
    fastcgi_param DB_PASSWORD $db_password;
}
`, want: []int{3, 4}},
		{name: "php-fpm pool", path: "php-fpm.d/www.conf", content: `[www]
env[DB_HOST] = db.internal
env[DB_PASSWORD] = @PW@
env[PATH] = /usr/local/bin:/usr/bin
`, want: []int{3}},
	})
}

// TestTextClassesConcatPrefix: a literal "user:" concatenated with a
// value read at run time is the fixed half of a built user:password; a
// whole literal user:password is still reported.
func TestTextClassesConcatPrefix(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: "java", path: "src/main/java/a/Client.java", content: `class Client {
    static String auth() {
        String creds = "archive:" + System.getenv("ARCHIVE_PASSWORD");
        String basicAuth = "svc-archive:" + props.get("archive.password");
        String credentials = "archive:@PW@";
        return creds;
    }
}
`, want: []int{5}},
		{name: "php", path: "lib/client.php", content: `<?php
$credentials = 'archive:' . getenv('ARCHIVE_PASSWORD');
$password = '@PW@';
`, want: []int{3}},
	})
}

// TestTextClassesEmbeddedDirectives: a server configuration file
// embedded in a ConfigMap (mosquitto.conf, redis.conf) is read as one on
// disk is, directive lines included.
func TestTextClassesEmbeddedDirectives(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: "mosquitto", path: "deploy/configmap.yaml", content: `apiVersion: v1
kind: ConfigMap
metadata:
  name: broker
data:
  mosquitto.conf: |
    listener 8883
    password_file /mosquitto/config/passwd
    connection legacy-bridge
    remote_username bridge
    remote_password @PW@
  redis.conf: |
    requirepass @PW@
    maxmemory 256mb
`, want: []int{11, 13}},
	})
}

// TestTextClassesDocProsePair: documentation prose that gives an
// account as two inline code spans, user / password, in a paragraph about
// a password: the password is reported; textbook and trivial passwords,
// pairs in a paragraph that is not about a password, and paths are not.
func TestTextClassesDocProsePair(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: "readme", path: "README.md", content: "# Hub\n\n" +
			"The shared QA account (for the mobile testers) is `qa@example.org` /\n`@PW@` — please don't change the password.\n\n" +
			"Log in to the local stack as `admin` / `@PW@` (password reset: ask ops).\n\n" +
			"The default credentials are `admin` / `admin`; change the password after the first login.\n\n" +
			"Default login: `root` / `P@ssw0rd` (the password of the demo image).\n\n" +
			"Build with `make` / `make test`, or copy `config/dev.yaml` / `config/prod.yaml`.\n\n" +
			"Compare `v1.2.3` / `" + "Qx7vLm2pZr9Wt4KdJ3" + "` in the changelog.\n",
			want: []int{4, 6}},
	})
}

// TestTextClassesDocInlineSecret: prose that names a secret right before
// an inline code span holding a generated value gives the secret; example
// values that read as words, names or paths, and spans not right after a
// secret's name, are no finding.
func TestTextClassesDocInlineSecret(t *testing.T) {
	hexKey := fakesecret.From(32, "0123456789abcdef")
	tok := fakesecret.Password(28)
	runTextClasses(t, []textClass{
		{name: "runbook", path: "docs/runbooks/onboarding.md", content: "# Carrier onboarding\n\n" +
			"3. Check the webhook signature with the shared secret `" + hexKey + "` before accepting events.\n" +
			"4. Your API key is `" + tok + "`; keep it out of tickets.\n" +
			"5. Set the token to `your-token-goes-here-please` in the form.\n" +
			"6. The secret lives in `/etc/haulcraft/secrets/carrier.json` on the host.\n" +
			"7. Run `kubectl get secret carrier-webhook -o yaml` to read it.\n" +
			"8. Commit `" + fakesecret.From(40, "0123456789abcdef") + "` fixed the signature check.\n",
			want: []int{3, 4}},
	})
}
