package scan_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/scan"
)

// textClass is one file of a class of text or YAML: the lines that must be
// reported (1-based) and, by omission, those that must not. In content,
// each @PW@ is replaced by a fresh random password (fakesecret), so no
// fixture value is ever a real credential.
type textClass struct {
	name, path, content string
	want                []int
}

func runTextClasses(t *testing.T, cases []textClass) {
	t.Helper()
	cfg := defaultConfig(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			content := tc.content
			for strings.Contains(content, "@PW@") {
				content = strings.Replace(content, "@PW@", fakesecret.MixedPassword(22), 1)
			}
			for strings.Contains(content, "@B64@") { // base64 of a fresh password
				content = strings.Replace(content, "@B64@", base64.StdEncoding.EncodeToString([]byte(fakesecret.Password(22))), 1)
			}
			fs, notices := scan.ScanFile(context.Background(), cfg, tc.path, []byte(content))
			for _, n := range notices {
				if n.Error {
					t.Fatalf("notice: %+v", n)
				}
			}
			var got []int
			var desc []string
			for _, f := range fs {
				if !slices.Contains(got, f.Line) {
					got = append(got, f.Line)
				}
				desc = append(desc, fmt.Sprintf("%d:%s", f.Line, f.RuleID))
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: reported lines %v (%s), want %v", tc.path, got, strings.Join(desc, " "), tc.want)
			}
		})
	}
}

// TestTextClassesEncryptedAndPublic: ciphertext (a SealedSecret's
// encryptedData) and public keys (an age recipient) are no secrets; the
// plaintext beside them still is.
func TestTextClassesEncryptedAndPublic(t *testing.T) {
	sealed := "Ag" + fakesecret.From(300, fakesecret.Alnum+"+/")
	const bech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	runTextClasses(t, []textClass{
		{name: "sealed secret", path: "deploy/sealed.yaml", content: `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: sftp
spec:
  encryptedData:
    password: ` + sealed + `
    api_token: ` + sealed + `
  template:
    metadata:
      annotations:
        client_secret: @PW@
`, want: []int{12}},
		{name: "sealed secret in a multi-document file", path: "deploy/all.yaml", content: `apiVersion: v1
kind: Secret
metadata: {name: plain}
stringData:
  password: @PW@
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: sealed}
spec:
  encryptedData:
    password: ` + sealed + `
`, want: []int{5}},
		{name: "a spec.encryptedData outside a SealedSecret is judged", path: "deploy/app.yaml", content: `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  encryptedData:
    password: @PW@
`, want: []int{6}},
		{name: "SOPS-encrypted YAML and its .sops.yaml", path: "deploy/secrets.enc.yaml", content: `db:
    password: ENC[AES256_GCM,data:` + fakesecret.From(24, fakesecret.Alnum+"+/") + `,iv:` + fakesecret.From(43, fakesecret.Alnum+"+/") + `=,tag:` + fakesecret.From(22, fakesecret.Alnum+"+/") + `==,type:str]
sops:
    age:
        - recipient: age1` + fakesecret.From(58, bech32) + `
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            ` + fakesecret.From(64, fakesecret.Alnum+"+/") + `
            -----END AGE ENCRYPTED FILE-----
    mac: ENC[AES256_GCM,data:` + fakesecret.From(60, fakesecret.Alnum+"+/") + `=,type:str]
    version: 3.9.0
`, want: nil},
		{name: "ansible-vault inline value", path: "group_vars/all/vault.yml", content: "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  " + fakesecret.From(64, "0123456789abcdef") + "\n  " + fakesecret.From(64, "0123456789abcdef") + "\napi_token: @PW@\n", want: []int{5}},
		{name: "age key file", path: "deploy/secrets/age.key", content: "# created: 2026-01-01T00:00:00Z\n# public key: age1" +
			fakesecret.From(58, bech32) + "\nAGE-SECRET-KEY-1" + strings.ToUpper(fakesecret.From(58, bech32)) + "\n", want: []int{3}},
	})
}

// TestTextClassesDirectivesAndAuthFiles: a server configuration file's
// "directive value" line under a secret directive (redis.conf), a
// PgBouncer auth_file's plain password (its md5 and SCRAM verifiers are
// hashes), and Make's $$VAR, a shell variable reference.
func TestTextClassesDirectivesAndAuthFiles(t *testing.T) {
	hex := fakesecret.From(32, "0123456789abcdef")
	b64 := fakesecret.From(43, fakesecret.Alnum+"+/") + "="
	runTextClasses(t, []textClass{
		{name: "redis.conf", path: "config/redis/redis.conf", content: `bind 0.0.0.0
port 6379
requirepass @PW@
masterauth "@PW@"
masteruser replica
# requirepass @PW@
aclfile /etc/redis/users.acl
dir /var/lib/redis
`, want: []int{3, 4}},
		{name: "placeholders in redis.conf", path: "redis.conf", content: "requirepass changeme\nmasterauth <password>\nrequirepass ${REDIS_PASSWORD}\nrequirepass foobared\n", want: nil},
		{name: "a shell script is no directive file", path: "run.sh", content: "requirepass @PW@\n", want: nil},
		{name: "pgbouncer auth_file", path: "config/pgbouncer/userlist.txt", content: `"app" "SCRAM-SHA-256$4096:` + fakesecret.Password(24) + `$` + b64 + `:` + b64 + `"
"reporting" "md5` + hex + `"
; a comment
"stats" "@PW@"
"admin" ""
`, want: []int{4}},
		{name: "pgbouncer auth_file under another name", path: "etc/pgbouncer/users", content: `"stats" "@PW@"` + "\n", want: []int{1}},
		{name: "quoted pairs that are not an auth_file", path: "notes.txt", content: `"stats" "@PW@"` + "\nsee above\n", want: nil},
		{name: "a redirect map is no auth_file", path: "Documentation/redirects.txt", content: `"gettingstarted/hubble.rst" "observability/hubble/hubble-ui.rst"` + "\n" + `"a" "@PW@"` + "\n", want: nil},
		{name: "Makefile", path: "Makefile", content: "push:\n\tdocker login $(REGISTRY) -u ci -p \"$$REGISTRY_PASSWORD\"\n\tdocker login -u ci -p $${REGISTRY_TOKEN} r.io\n\tdocker login -u ci -p @PW@ r.io\n", want: []int{4}},
	})
}

// TestTextClassesDocCodeBlocks: in documentation, a code block's URL with a
// literal password to a real host, or a command-line password, is a leak;
// placeholders, references and local or documentation hosts are examples,
// and prose is not read.
func TestTextClassesDocCodeBlocks(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: "README", path: "README.md", content: "# Service\n\nRun locally:\n\n" +
			"    export DATABASE_URL=postgres://app:@PW@@localhost:5432/app\n\n" + // 5: local
			"```sh\n" +
			"psql \"postgresql://qa_reader:@PW@@pg-replica.corp.internal:5432/booking\"\n" + // 8
			"psql \"postgresql://user:password@host:5432/db\"\n" +
			"psql \"postgresql://app:@PW@@db.example.com:5432/app\"\n" +
			"psql \"postgresql://app:$DB_PASSWORD@db.corp.internal:5432/app\"\n" +
			"mysql -u root -p@PW@ shop\n" + // 12
			"curl -u \"$CLIENT_ID:$CLIENT_SECRET\" https://auth.corp.internal/token\n" +
			"```\n\n" +
			"The replica is postgres://qa:@PW@@pg-replica.corp.internal/booking in prose.\n" + // 16: prose
			"~~~console\n$ psql postgres://qa:@PW@@pg.corp.internal/booking\n~~~\n" + // 18
			"````md\n```\n````\nmysql -u root -p@PW@ shop\n" + // 23: after the block
			"```bash\nhtpasswd -nb admin \"P@ssw0rd\" | sed -e 's/\\$/\\$\\$/g'\n" + // 25: the textbook example
			"argocd repo add https://git.corp.internal/repo --username test --password invalid\n```\n" + // 26: a negative test's
			"\nIndented, after a blank line:\n\n    psql postgres://qa:@PW@@pg.corp.internal/booking\n" + // 31
			"    mysql -u root -p@PW@ shop\n\n" + // 32
			"- a list item\n  psql postgres://qa:@PW@@pg.corp.internal/booking\n", // 35: a list's text
			want: []int{8, 12, 18, 31, 32}},
	})
}

// TestTextClassesTrivialDefaults: a password equal to its user or
// database name, a default of local software or a development word toward
// a local or service host or as a variable's default, is no secret; a
// random password in the same places is.
func TestTextClassesTrivialDefaults(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: "compose", path: "docker-compose.yml", content: `services:
  postgres:
    image: postgres:17
    environment:
      POSTGRES_USER: booking
      POSTGRES_PASSWORD: booking
      POSTGRES_DB: booking
  mysql:
    image: mysql:8
    environment:
      - MYSQL_USER=shop
      - MYSQL_PASSWORD=shop
      - MYSQL_ROOT_PASSWORD=@PW@
  redis:
    image: redis:7
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:-devredis}"]
  cache:
    image: redis:7
    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:-@PW@}"]
  api:
    build: .
    environment:
      DATABASE_URL: postgres://booking:booking@postgres:5432/booking?sslmode=disable
      BROKER_URL: amqp://guest:guest@rabbitmq:5672/
      REPORTS_URL: postgres://reports:@PW@@postgres:5432/booking
  db2:
    image: postgres:17
    environment:
      POSTGRES_USER: booking
      POSTGRES_PASSWORD: @PW@
`, want: []int{13, 19, 25, 30}},
		{name: "test-support script", path: "scripts/integtest/run.sh", content: `#!/usr/bin/env bash
export DATABASE_URL="postgres://postgres:integtest@localhost:55432/postgres?sslmode=disable"
export STAGING_URL="postgres://postgres:integtest@db.staging.corp.internal:5432/postgres"
export OTHER_URL="postgres://app:@PW@@localhost:55432/app"
`, want: []int{3, 4}},
		{name: "Secret stringData and data", path: "k8s/basic-auth.yaml", content: `apiVersion: v1
kind: Secret
metadata: {name: basic}
type: kubernetes.io/basic-auth
stringData:
  username: admin
  password: admin
---
apiVersion: v1
kind: Secret
metadata: {name: db}
data:
  DB_USER: b3JkZXJz
  DB_PASSWORD: b3JkZXJz
  API_TOKEN: @B64@
`, want: []int{15}},
		{name: "a user's name as password is trivial anywhere", path: "k8s/secret.yaml", content: `apiVersion: v1
kind: ConfigMap
metadata: {name: x}
data:
  db_user: orders
  db_password: orders
  api_token: @PW@
`, want: []int{7}},
	})
}

// TestTextClassesTrivialDotenv: in a .env file too, a password equal to
// the user or database name it assigns is trivial.
func TestTextClassesTrivialDotenv(t *testing.T) {
	runTextClasses(t, []textClass{
		{name: ".env", path: ".env", content: "POSTGRES_USER=booking\nPOSTGRES_DB=orders\nPOSTGRES_PASSWORD=booking\nORDERS_DB_PASSWORD=orders\nREPORTS_PASSWORD=@PW@\nexport API_TOKEN=\"@PW@\"\n", want: []int{5, 6}},
	})
}

// TestTextClassesTrivialAndPublic: values that stand beside what makes
// them no secret: a password equal to the user of the same JSON object,
// a compose variable's default equal to another service's user, a
// development password on a command line, a connection string without a
// password under a dsn name, a Firebase web configuration's apiKey, a
// user name in a Secret's data, vendor test keys and jasypt ciphertext.
func TestTextClassesTrivialAndPublic(t *testing.T) {
	b64user := base64.StdEncoding.EncodeToString([]byte("dispatch"))
	fbKey := "AIza" + fakesecret.Password(35)
	runTextClasses(t, []textClass{
		{"json same user", "config/carriers.json", "{\n  \"auth\": {\"type\": \"basic\", \"user\": \"sandbox\", \"password\": \"sandbox\"},\n  \"other\": {\"user\": \"ops\", \"password\": \"@PW@\"}\n}\n", []int{3}},
		{"compose defaults", "docker-compose.yml", "services:\n  postgres:\n    environment:\n      POSTGRES_USER: haulcraft\n  redis:\n    command: [\"redis-server\", \"--requirepass\", \"devpassword\"]\n  app:\n    environment:\n      APP_PG_PASSWORD: ${APP_PG_PASSWORD:-haulcraft}\n      APP_TOKEN: ${APP_TOKEN:-@PW@}\n    command: [\"redis-server\", \"--requirepass\", \"@PW@\"]\n", []int{10, 11}},
		{"php dsn", "config.php", "<?php\nreturn [\n  'dsn' => 'mysql:host=legacy-mysql.internal;dbname=portal',\n  'password' => '@PW@',\n];\n", []int{4}},
		{"firebase web config", "src/config.ts", "export const config = {\n  firebase: {\n    apiKey: \"" + fbKey + "\",\n    authDomain: \"acme.firebaseapp.com\",\n  },\n  serverKey: \"" + fbKey + "\",\n};\n", []int{6}},
		{"secret data user", "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: " + b64user + "\n  password: @B64@\n", []int{7}},
		{"recaptcha test key", ".env", "RECAPTCHA_SECRET_KEY=6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe\nRECAPTCHA_SITE_SECRET=@PW@\n", []int{2}},
		{"jasypt", "application.yml", "partner:\n  secret: ENC(Gz4Qk9Xw2PbL7tN1yV5cR8hJ0mA3sD6f)\n  token: @PW@\n", []int{3}},
	})
}

// TestTextClassesNameValuePairs: name/value pair objects in JSON and
// JavaScript, on one line or two, judge the value under the name they
// carry; a header list (OTEL_EXPORTER_OTLP_HEADERS) is judged header by
// header.
func TestTextClassesNameValuePairs(t *testing.T) {
	hexKey := func() string { return fakesecret.From(32, "0123456789abcdef") }
	runTextClasses(t, []textClass{
		{"json pair one line", "config/carriers.json", "[\n  {\"auth\": {\"type\": \"header\", \"header\": \"Ocp-Apim-Subscription-Key\", \"value\": \"" + hexKey() + "\"}},\n  {\"auth\": {\"type\": \"header\", \"header\": \"Accept\", \"value\": \"application/json\"}}\n]\n", []int{2}},
		{"json pair two lines", "task.json", "{\"environment\": [\n  {\n    \"name\": \"DB_PASSWORD\",\n    \"value\": \"@PW@\"\n  },\n  {\n    \"name\": \"DB_HOST\",\n    \"value\": \"db.internal\"\n  }\n]}\n", []int{4}},
		{"js pair", "src/env.js", "export const env = [\n  { name: \"API_TOKEN\", value: \"" + hexKey() + "\" },\n  { name: \"REGION\", value: \"eu-west-1\" },\n];\n", []int{2}},
		{"otlp headers yaml", "deploy.yaml", "env:\n  - name: OTEL_EXPORTER_OTLP_HEADERS\n    value: \"x-honeycomb-dataset=dispatch,x-api-key=" + hexKey() + "\"\n  - name: OTEL_EXPORTER_OTLP_TRACES_HEADERS\n    value: \"x-honeycomb-dataset=dispatch\"\n", []int{3}},
		{"otlp headers env", ".env", "OTEL_EXPORTER_OTLP_HEADERS=api-key=" + hexKey() + ",x-scope-orgid=tenant1\n", []int{1}},
	})
}

// TestTextClassesERBFallback: Rails' ERB in YAML: the literal fallback of
// an environment lookup is in effect whenever the variable is unset.
func TestTextClassesERBFallback(t *testing.T) {
	runTextClasses(t, []textClass{
		{"database.yml", "config/database.yml", "default: &default\n  adapter: postgresql\n\nstaging:\n  <<: *default\n  username: portal\n  password: <%= ENV.fetch(\"PORTAL_DB_PASSWORD\") { \"@PW@\" } %>\n  host: <%= ENV.fetch(\"DB_HOST\") { \"localhost\" } %>\n\nproduction:\n  url: <%= ENV[\"DATABASE_URL\"] %>\n  password: <%= ENV.fetch(\"PORTAL_DB_PASSWORD\", \"@PW@\") %>\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] || \"@PW@\" %>\n  api_token: <%= ENV.fetch(\"API_TOKEN\") { \"changeme\" } %>\n", []int{7, 12, 13}},
	})
}

// TestTextClassesTypedAndBytes: a typed declaration is judged under its
// name, not its type (key: bytes = …, apiKey: string = …); a bytes
// literal of random text under a bare key name is key material.
func TestTextClassesTypedAndBytes(t *testing.T) {
	key := func() string { return fakesecret.Password(32) }
	runTextClasses(t, []textClass{
		{"python", "eta/client.py", "import hmac\n\ndef sign(body: bytes, key: bytes = b\"" + key() + "\") -> str:\n    return hmac.new(key, body).hexdigest()\n\ndef connect(host: str = \"db\", password: str = \"@PW@\"):\n    pass\n\nKEY = b\"" + key() + "\"\nkey = b\"content-type\"\n", []int{3, 6, 9}},
		{"typescript", "src/client.ts", "const apiKey: string = \"" + key() + "\";\nconst region: string = \"eu-west-1\";\nlet token: string | undefined = \"" + key() + "\";\n", []int{1, 3}},
	})
}

// TestTextClassesKeyFiles: files that hold one key by their well-known
// name (Rails' config/master.key and config/credentials/*.key, Jenkins'
// secrets/master.key); other .key files and placeholders are not.
func TestTextClassesKeyFiles(t *testing.T) {
	const hex = "0123456789abcdef"
	runTextClasses(t, []textClass{
		{"rails master key", "services/portal/config/master.key", fakesecret.From(32, hex) + "\n", []int{1}},
		{"rails env key", "config/credentials/production.key", fakesecret.From(32, hex), []int{1}},
		{"jenkins", "jenkins_home/secrets/master.key", fakesecret.From(256, hex) + "\n", []int{1}},
		{"placeholder", "config/master.key", "replace-with-the-master-key\n", nil},
		{"other key file", "certs/session.key", fakesecret.From(32, hex) + "\n", nil},
	})
}

// TestTextClassesPassphrases: random dictionary words joined by - or _
// under a password or psk name, or a command-line password, are a
// passphrase; identifiers of three words are not.
func TestTextClassesPassphrases(t *testing.T) {
	runTextClasses(t, []textClass{
		{"env", ".env.staging", "PG_HOST=pg.staging.internal\nPG_PASSWORD=granite-velvet-maple-copper\nPG_PASSWORD_FILE=db-primary-password\nAPP_PASSWORD=primary-replica-host\n", []int{2}},
		{"ansible", "group_vars/all.yml", "edge_wifi_ssid: depot-edge\nedge_wifi_psk: manifest-hauler-trailer-quay\n", []int{2}},
		{"openssl", "scripts/backup.sh", "#!/bin/sh\nopenssl enc -aes-256-cbc -pbkdf2 -salt -pass pass:anchor-dock-granite-copper -in a -out b\nopenssl enc -d -pass pass:backup-key -in b\n", []int{2}},
	})
}
