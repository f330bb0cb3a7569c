package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// structuralFindings is what the YAML case of fileScanner.scan finds
// without the provider rules: the walk and the files embedded in block
// scalars, or the line scanner when the file is not YAML.
func structuralFindings(t testing.TB, data []byte) []finding.Finding {
	t.Helper()
	var cfg *rules.Config // the defaults, as judge.New(nil)
	nf := filterFor(rules.DefaultNames)
	fs := &fileScanner{cfg: cfg, j: judge.New(cfg), nf: nf}
	f, err := yamlscan.Parse(data)
	if err != nil {
		return scanText(data, textConfig, fs.j, nf, "yaml", nil)
	}
	res := yamlscan.ScanFile(f, yamlscan.Options{Config: cfg, Path: "x.yaml"})
	return append(res.Findings, fs.embedded(res.Embedded, textpos.New(data))...)
}

// yamlGateShapes are the places a secret name can matter in YAML; each
// holds a finding that only the structure shows, and the gate must let
// every one through.
var yamlGateShapes = []string{
	"password: @V@\n",
	"- password: @V@\n",
	"password : @V@\n",
	`"password": "@V@"` + "\n",
	"{\n  \"db\": {\n    \"password\": \"@V@\"\n  }\n}\n",
	"password:\n  value: @V@\n",
	"password:\n\n  # the value\n  value: @V@\n",
	"Password:\n  Default: @V@\n",
	"secret:\n  x: 1\n  items:\n  - a\n  value: @V@\n",
	"secret:\n  x:\n    y: 1\n  defaultValue: @V@\n",
	"password:\n- @V@\n",
	"- password:\n  - @V@\n",
	"password:\n  - @V@\n",
	"password:\n  @V@\n",
	"password:   # set below\n  @V@\n",
	"password: |\n  @V@\n",
	"token: >\n  @V@\n",
	"password: &p @V@\n",
	"x: &p @V@\npassword: *p\n",
	"password: !!str @V@\n",
	"? password\n: @V@\n",
	"api:key: @V@\n",
	"db: {password: @V@}\n",
	"db: {\n  password: @V@ }\n",
	"env:\n- name: DB_PASSWORD\n  value: @V@\n",
	"env:\n- value: @V@\n  name: DB_PASSWORD\n",
	"env:\n- {name: DB_PASSWORD, value: @V@}\n",
	"env:\n- name: >-\n    DB_PASSWORD\n  value: @V@\n",
	"env:\n- name:\n    DB_PASSWORD\n  value: @V@\n",
	"env:\n- name: |-\n    DB_PASSWORD\n  value: @V@\n",
	"env:\n- name: \"DB_PASSWORD\n    \"\n  value: @V@\n",
	"args: [\"--password\", \"@V@\"]\n",
	"args:\n- --password\n- @V@\n",
	"args:\n- \"--password\"\n- @V@\n",
	"args: [\n  --password,\n  @V@]\n",
	"environment:\n- DB_PASSWORD=@V@\n",
	"command: >\n  DB_PASSWORD\n  =@V@\n",
	"url: ${DB_PASSWORD:-@V@}\n",
	"data:\n  app.properties: |\n    db.password=@V@\n    other=1\n",
	"data:\n  config.yaml: |\n    db:\n      password: @V@\n    port: 5432\n",
	"data:\n  db.ini: |\n    [db]\n    password = @V@\n",
	"kind: Secret\napiVersion: v1\ndata:\n  api: @VB64@\n",
	"x: [\npassword = @V@\n",
	"x: {{ .Values.x }}\npassword: @V@\n",
	"token: @V@ # set by ops\n",
	"token: '@V@'\n",
	"token: \"@V@\"  # quoted\n",
	"password: abc\n  @V@\n",
	"env:\n- name: FOO\n  valueFrom: x\n- name: DB_PASSWORD\n  image: x\n  value: @V@\n",
	"env:\n- image: x\n  value: @V@\n  name: DB_PASSWORD\n",
	"env:\n  - name: DB_PASSWORD\n    Value: @V@\n",
	"- name:DB_PASSWORD\nvalue: @V@\n",
	"password: #@V@\n# \xff\n",
	"command: [\"mysql\", \"-u\", \"root\", \"-p@V@\"]\n",
	"env: [{name: DB_PASSWORD, value: @V@}]\n",
	"args: [serve, --password, @V@]\n",
	"db: {user: app, password: @V@}\n",
	"conf:\n  a.properties: |\n    # Set `password: @V@` here\n    password: @V@\n",
	"args:\n- redis-cli\n- -a\n- @V@\n",
	"run: mysql -u root -p@V@ db\n",
	"run: >\n  docker login\n  -p @V@ registry.example.com\n",
	"run: openssl enc -passin pass:@V@\n",
	"command: redis-server --requirepass @V@\n",
	"url: postgres://app:@V@@db.internal:5432/app\n",
	"dsn: \"app:@V@@tcp(db.internal:3306)/orders\"\n",
	"- name: \"GF_SECURITY_ADMIN_PASSWORD\"\n  value: \"@V@\"\n",
	"apiVersion: v1\nkind: Secret\nstringData:\n  password: @V@\n",
	"Resources:\n  S:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      SecretString: '{\"password\":\"@V@\"}'\n",
}

// TestYAMLGateShapes: the gate lets every shape through, and rejects the
// harmless ones (nested mappings, booleans, prose).
func TestYAMLGateShapes(t *testing.T) {
	nf := filterFor(rules.DefaultNames)
	val := "Zq9vLm2kXw7pR4tY6uI3"
	b64 := "WnE5dkxtMmtYdzdwUjR0WTZ1STM="
	for _, shape := range yamlGateShapes {
		data := []byte(strings.ReplaceAll(strings.ReplaceAll(shape, "@VB64@", b64), "@V@", val))
		if len(structuralFindings(t, data)) == 0 {
			t.Errorf("no finding in %q: the shape proves nothing", data)
		}
		if !worthYAMLBoth(t, nf, data) {
			t.Errorf("the YAML gate rejects %q", data)
		}
	}
	for _, harmless := range []string{
		"spec:\n  automountServiceAccountToken: true\n  serviceAccountToken:\n    path: token\n    expirationSeconds: 3600\n",
		"volumes:\n- name: certs\n  secret:\n    secretName: certs\n    defaultMode: 420\n    items:\n    - key: tls.crt\n      path: tls.crt\n",
		"password: \"\"\ntoken: null\nsecret: {}\napi_key: ~\n",
		"description: The secret used to sign tokens, when the token has no key.\n  It is rotated by the token controller.\n",
		"# the password is set by the operator\nreplicas: 3\n",
		"labels:\n  team: sig-auth\ntest-cmd: auth\n",
		"imagePullSecret: reg-cred\nprivateKey: /etc/certs/key.pem\ntoken: tokenValue\n",
		"volumes:\n- name: istio-token\n  projected:\n    sources:\n    - serviceAccountToken:\n        path: istio-token\n",
		"args:\n- -contextual k8s.io/client-go/plugin/pkg/client/auth/.*\n- '[usage] https://istio.io/docs/authz/'\n",
		"env:\n- name: GF_SECURITY_ADMIN_PASSWORD\n  value: \"changeme\"\n- name: GF_AUTH_TOKEN\n  valueFrom:\n    secretKeyRef: {name: x, key: y}\n",
		"rule: '!(has(self.externalAuth) && self.type != ''ExternalAuth'')'\n#  privateKey:   # example: /etc/key.pem\n",
		"data:\n  tpl: |\n    secret:\n      {{ if .x }}\n      secretName: a\n      {{ end }}\n",
		"contact: admin@example.com\nurl: https://example.com/x\nprotocols: [MYSQL, MONGO]\nbypass: true\n",
		"resolution: {integrity: sha512-RyKa1G1M9rKHDhrkPasswordTokenzw}\n",
		"description: |-\n  If the service account has `automountServiceAccountToken: true`, set the field to false.\n",
	} {
		if worthYAMLBoth(t, nf, []byte(harmless)) {
			t.Errorf("the YAML gate lets %q through", harmless)
		}
		checkYAMLGate(t, []byte(harmless))
	}
}

// TestYAMLGateFixtures: on every YAML fixture and every prefix of its
// lines, the gate never hides a finding.
func TestYAMLGateFixtures(t *testing.T) {
	for _, p := range fixtureFiles(t) {
		if ext := filepath.Ext(p); ext != ".yaml" && ext != ".yml" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i := range lines {
			checkYAMLGate(t, []byte(strings.Join(lines[i:], "")))
		}
	}
}

// worthYAMLBoth is nf.worthYAML with the defaults' judge, asked with a
// prescan's hits as the scanner asks it and without, which must agree.
func worthYAMLBoth(t testing.TB, nf *nameFilter, data []byte) bool {
	t.Helper()
	pre := rules.NewPrescanner(nil, nf.frags.Words(), prescanMarkers, statementHints)
	fh := pre.Scan(string(data))
	defer pre.Release(fh)
	with := nf.worthYAML(data, judge.New(nil), fh)
	if without := nf.worthYAML(data, judge.New(nil), nil); with != without {
		t.Errorf("worthYAML(%q) with the prescan's hits = %v, with its own pass = %v", data, with, without)
	}
	return with
}
