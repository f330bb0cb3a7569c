package goscan

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/rules"
)

func TestScanCases(t *testing.T) {
	for name, tc := range map[string]struct {
		src   string
		rules string // comma-separated rule ids found, in order
	}{
		"const":                     {`const dbPassword = "Tr0ub4dor&3-x9"`, "hardcoded-credential"},
		"folded":                    {`var apiKey = "4f9c2e71" + "ab8d4c0e9f3a6b5d"`, "hardcoded-credential"},
		"env lookup":                {`var password = os.Getenv("DB_PASSWORD")`, ""},
		"error string":              {`var errBadPassword = "invalid password supplied"`, ""},
		"placeholder":               {`var password = "changeme"`, ""},
		"struct field":              {`var c = Config{Password: "Wq5vLm2kZx9wR8"}`, "hardcoded-credential"},
		"user/pass pair":            {`var c = struct{ User, Pass string }{"svc", "Wq5vLm2kZx9wR8"}`, "hardcoded-credential"},
		"user/pass keyed":           {`var c = Login{User: "svc", Pass: "Wq5vLm2kZx9wR8"}`, "hardcoded-credential"},
		"pass without user":         {`var c = Result{Name: "svc", Pass: "Wq5vLm2kZx9wR8"}`, ""},
		"inline struct by position": {`var c = struct{ User, Password string }{"svc", "Wq5vLm2kZx9wR8"}`, "hardcoded-credential"},
		"map key":                   {`var m = map[string]string{"client_secret": "Zq9_8vLm2-kXw7pQ3rT6yU1i"}`, "hardcoded-credential"},
		"url":                       {`var u = "postgres://app:Hm3vLq2kZx9wP5@db.internal:5432/app"`, "url-credentials"},
		"sink":                      {"import \"net/smtp\"\nvar a = smtp.PlainAuth(\"\", \"u\", \"Gn4vLm2kZx9wB7\", \"h\")", "credential-sink"},
		"renamed sink":              {"import m \"net/smtp\"\nvar a = m.PlainAuth(\"\", \"u\", \"Gn4vLm2kZx9wB7\", \"h\")", "credential-sink"},
		"not imported":              {"var a = smtp.PlainAuth(\"\", \"u\", \"Gn4vLm2kZx9wB7\", \"h\")", ""},
		"hmac key":                  {"import \"crypto/hmac\"\nvar h = hmac.New(nil, []byte(\"my-super-secret-signing-key-2024\"))", "jwt-signing-key"},
		"parameter":                 {"func connect(host, password string) {}\nfunc f() { connect(\"h\", \"Sv2vLm8kZx4wL6\") }", "hardcoded-credential"},
		"setenv":                    {"import \"os\"\nfunc f() { os.Setenv(\"API_TOKEN\", \"Zq9vLm2kXw7p4411\") }", "credential-sink"},
		"pointer helper":            {"import \"github.com/aws/aws-sdk-go-v2/aws\"\nvar c = Cfg{Password: aws.String(\"Wq5vLm2kZx9wR8\")}", "hardcoded-credential"},
		"scram sink":                {"import \"github.com/segmentio/kafka-go/sasl/scram\"\nvar m, _ = scram.Mechanism(scram.SHA512, \"svc\", \"vR8kQ2mLx7pZ4wT9nY\")", "credential-sink"},
		"franz-go scram":            {"import \"github.com/twmb/franz-go/pkg/sasl/scram\"\nvar a = scram.Auth{User: \"svc\", Pass: \"vR8kQ2mLx7pZ4wT9nY\"}", "credential-sink"},
		"pointer fallback":          {"func f(token *string) {\n\tif *token == \"\" {\n\t\t*token = \"Pq7Xm2Kv9Rt4Wz8Ln3Bc6Hd\"\n\t}\n}", "hardcoded-credential"},
		"sibling user default":      {"const (\n\tDefaultPGUser     = \"haulcraft\"\n\tDefaultPGPassword = \"haulcraft\"\n)", ""},
		"sibling user other":        {"const (\n\tDefaultPGUser     = \"haulcraft\"\n\tDefaultPGPassword = \"haulcraft-Xq7\"\n)", "hardcoded-credential"},
		"stage placeholder":         {`var c = Config{ClientSecret: "sandbox-secret"}`, ""},
		"approle secret_id":         {`var m = map[string]any{"role_id": "f3cb32f9-9e82-46c4-9f8a-62c1fadd0980", "secret_id": "5c1d9e2a-7b43-4f8e-a6d0-93e1b27c4f15"}`, "hardcoded-credential"},
		"secret_id name":            {`var m = map[string]any{"secret_id": "prod/orders/db-password"}`, ""},
		"decoder wrapper":           {"import (\n\t\"crypto/aes\"\n\t\"encoding/hex\"\n)\nvar k = mustHex(\"5f0c9a7e3b1d48e2a6c4f8b0d2e7a9c13f5b8d0e2a4c6e8f1b3d5f7a9c0e2b4d\")\nfunc mustHex(s string) []byte {\n\tb, err := hex.DecodeString(s)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\treturn b\n}\nfunc f() { aes.NewCipher(k) }", "jwt-signing-key"},
		"key result":                {"func oceanKey() string {\n\treturn \"00a2019558e3610c258161ef24a338b3\"\n}", "hardcoded-credential"},
		"cache key result":          {"func cacheKey() string {\n\treturn \"00a2019558e3610c258161ef24a338b3\"\n}", ""},
		"key result words":          {"func regionKey() string {\n\treturn \"eu-west-1-primary\"\n}", ""},
		"keys struct":               {"var routingKeys = struct{ Dispatch, Telematics string }{\n\tDispatch: \"123dfceee48f08c516d1d4195d83e609\",\n\tTelematics: \"dispatch-team\",\n}", "hardcoded-credential"},
		"keys map":                  {"var partnerKeys = map[string]string{\n\t\"acme\": \"aeiO+GlQJ+sHeD8cGW25XxNrtAxfcGWmZxzpB6PEGmo=\",\n}", "hardcoded-credential"},
		"label keys":                {"var labelKeys = []string{\"app.kubernetes.io/name\", \"aeiO+GlQJ+sHeD8cGW25XxNrtAxfcGWmZxzpB6PEGmo\"}", ""},
		"secrets map":               {"var partnerSecrets = map[string]string{\"acme\": \"aeiO+GlQJ+sHeD8cGW25XxNrtAxfcGWmZxzpB6PEGmo=\"}", "hardcoded-credential"},
		"creds pairs":               {"var basicCreds = map[string][2]string{\n\t\"NLTX\": {\"haulcraft-api\", \"S2aftLkF44pxmmufkoAg\"},\n\t\"BLTF\": {\"HAULCRAFT01\", \"iDU0ueTWuk0r\"},\n}", "hardcoded-credential,hardcoded-credential"},
		"creds names":               {"var basicCreds = map[string]string{\"NLTX\": \"haulcraft-api\"}", ""},
		"stand-in at sink":          {"import \"golang.org/x/oauth2/clientcredentials\"\nvar c = clientcredentials.Config{ClientID: \"sandbox-client\", ClientSecret: \"sandbox-secret\"}", ""},
		"oauth named config":        {"var parcelOAuth = Config{ClientID: \"l7a1c2e9b4d04f6f8e2a1b3c5d7e9f00\"}", ""},
		"method sink":               {"import \"net/http\"\nfunc f(r *http.Request) { r.SetBasicAuth(\"admin\", \"Adm1nPa55-x7\") }", "credential-sink"},
		"method unimported":         {"func f(r *Req) { r.SetBasicAuth(\"admin\", \"Adm1nPa55-x7\") }", ""},
		"header":                    {"import \"net/http\"\nfunc f(r *http.Request) { r.Header.Set(\"Authorization\", \"Bearer Zq9vLm2kXw7p4411ab\") }", "credential-sink"},
		"other header":              {"import \"net/http\"\nfunc f(r *http.Request) { r.Header.Set(\"Accept\", \"application/json\") }", ""},
		"generic method":            {"import \"github.com/hashicorp/vault/api\"\nfunc f(c *api.Client) { c.Logical().Write(\"p\", nil) }", ""},
		"constant use only":         {"const x = \"Wq5vLm2kZx9wR8\"\nvar password = x", ""},
		"comparison":                {"func ok(password string) bool { return password == \"letmein123\" }", "hardcoded-credential"},
		"comparison field":          {"func ok(c *C) bool { return \"Wq5vLm2kZx9wR8\" != c.APIToken }", "hardcoded-credential"},
		"comparison other":          {"func ok(mode string) bool { return mode == \"Wq5vLm2kZx9wR8\" }", ""},
		"one-element slice":         {"import \"net/url\"\nvar v = url.Values{\"client_secret\": {\"K1vpLWHAM03hY9QND6bpucz6M84vwOFt\"}}", "hardcoded-credential"},
		"two-element slice":         {"var v = map[string][]string{\"client_secret\": {\"K1vpLWHAM03hY9QND6bpucz6M84vwOFt\", \"x\"}}", ""},
		"name/value pair":           {"var e = EnvVar{Name: \"API_TOKEN\", Value: \"ioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0e\"}", "hardcoded-credential"},
		"name/value other":          {"var e = EnvVar{Name: \"LOG_LEVEL\", Value: \"ioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0e\"}", ""},
		"plural collection":         {"var passwords = map[string]string{\"alice\": \"Wonderland#1x\"}", "hardcoded-credential"},
		"switch case":               {"func f(apiKey string) bool {\n\tswitch apiKey {\n\tcase \"tTFSlEtNoQaoBOkwwOA7tOggYDi0TIue\":\n\t\treturn true\n\t}\n\treturn false\n}", "hardcoded-credential"},
		"function result":           {"func apiToken() string { return \"LFBxqb2dnoM6RU2XrhhTfppQp0zbMKeoNvGuAXAY\" }", "hardcoded-credential"},
		"named result":              {"func fallback() (user, password string) { return \"admin\", \"Adm!n-Default-1\" }", "hardcoded-credential"},
		"header name result":        {"func tokenHeader() string { return \"X-Auth-Token\" }", ""},
		"keyed call":                {"func f(v Values) { v.Set(\"password\", \"F0rm-Login-Pw9\") }", "hardcoded-credential"},
		"env default":               {"var p = getenv(\"REDIS_PASSWORD\", \"r3dis-Def4ult\")", "hardcoded-credential"},
		"log call":                  {"func f() { log.Println(\"password\", \"changed9x\") }", ""},
		"json body":                 {"const body = `{\"username\":\"ops\",\"password\":\"Js0n-Body-Pw\"}`", "hardcoded-credential"},
		"command line":              {"import \"os/exec\"\nvar c = exec.Command(\"mysqldump\", \"-u\", \"root\", \"-pR00t-Cli-Pw\", \"shop\")", "cli-password"},
		"command prompt":            {"import \"os/exec\"\nvar c = exec.Command(\"mysql\", \"-u\", \"root\", \"-p\", \"shop\")", ""},
		"local to sink":             {"import \"net/http\"\nfunc f(r *http.Request) {\n\tv := \"Spr1ngTime#88\"\n\tr.SetBasicAuth(\"u\", v)\n}", "credential-sink"},
		"byte local to hmac":        {"import \"crypto/hmac\"\nfunc f() {\n\tk := []byte(\"4BAl3S56rZI0MuSbW8zJ\")\n\t_ = hmac.New(nil, k)\n}", "jwt-signing-key"},
		"reassigned local":          {"import \"net/http\"\nfunc f(r *http.Request, ok bool) {\n\tv := \"Spr1ngTime#88\"\n\tif ok {\n\t\tv = read()\n\t}\n\tr.SetBasicAuth(\"u\", v)\n}", ""},
		"env fallback":              {"import \"os\"\nfunc f() string {\n\tk := os.Getenv(\"API_KEY\")\n\tif k == \"\" {\n\t\tk = \"Zq8vT3mLr9XwB2nK7pQ4sY6d\"\n\t}\n\treturn k\n}", "hardcoded-credential"},
		"lookupenv fallback":        {"import \"os\"\nfunc f() string {\n\tv, ok := os.LookupEnv(\"DB_PASSWORD\")\n\tif !ok {\n\t\tv = \"Tr0ub4dor&3-horse\"\n\t}\n\treturn v\n}", "hardcoded-credential"},
		"cmp.Or fallback":           {"import (\n\t\"cmp\"\n\t\"os\"\n)\nvar tok = cmp.Or(os.Getenv(\"SVC_TOKEN\"), \"hG7kP2qW9zX4mN8vB3cR6tY1\")", "hardcoded-credential"},
		"fallback to sink":          {"import (\n\t\"net/http\"\n\t\"os\"\n)\nfunc f(r *http.Request) {\n\tp := os.Getenv(\"X\")\n\tif p == \"\" {\n\t\tp = \"Spr1ngTime#88\"\n\t}\n\tr.SetBasicAuth(\"u\", p)\n}", "credential-sink"},
		"env fallback other":        {"import \"os\"\nfunc f() string {\n\th := os.Getenv(\"DB_HOST\")\n\tif h == \"\" {\n\t\th = \"db-7f3k2.internal\"\n\t}\n\treturn h\n}", ""},
		"helper to sink":            {"import \"net/http\"\nfunc withAuth(r *http.Request, u, p string) { r.SetBasicAuth(u, \"x\"+p) }\nfunc f(r *http.Request) { withAuth(r, \"bot\", \"111b6e5da6fcaffc8b5f29f39c98cd50b1\") }", "credential-sink"},
		"helper to field":           {"func open(user, p string) Config { return Config{User: user, Password: p} }\nfunc f() { _ = open(\"ro\", \"Mx7!tQeLp2#v\") }", "hardcoded-credential"},
		"wrapper of helper":         {"import \"net/http\"\nfunc inner(r *http.Request, p string) { r.SetBasicAuth(\"u\", p) }\nfunc outer(r *http.Request, s string) { inner(r, s) }\nfunc f(r *http.Request) { outer(r, \"Spr1ngTime#88\") }", "credential-sink"},
		"helper other param":        {"import \"net/http\"\nfunc withAuth(r *http.Request, u, p string) { r.SetBasicAuth(u, p) }\nfunc f(r *http.Request) { withAuth(r, \"Spr1ngTime#88-user\", p) }", ""},
		"jwt keyfunc":               {"import \"github.com/golang-jwt/jwt/v5\"\nfunc v(s string) { jwt.Parse(s, func(t *jwt.Token) (any, error) { return []byte(\"sCmaJGfXhIJiSRgbqvOEw1dZjByarhZe\"), nil }) }", "jwt-signing-key"},
		"bearer + constant":         {"import \"net/http\"\nconst apiToken = \"Zq9vLm2kXw7p4411abcQ\"\nfunc f(r *http.Request) { r.Header.Set(\"Authorization\", \"Bearer \"+apiToken) }", "hardcoded-credential"},
		"sprintf dsn":               {"import \"fmt\"\nvar dsn = fmt.Sprintf(\"host=%s user=%s password=%s dbname=orders\", \"db.internal\", \"orders\", \"Ord3rs!Pass\")", "url-credentials"},
		"sprintf reference":         {"import \"fmt\"\nfunc f(pw string) string { return fmt.Sprintf(\"postgres://app:%s@db/app\", pw) }", ""},
		"flag default":              {"import \"flag\"\nvar p = flag.String(\"db-password\", \"Hq7Vz3Nn5Ke2Rt9Lp1Wd\", \"database password\")", "hardcoded-credential"},
		"flag var default":          {"import \"flag\"\nvar p string\nfunc init() { flag.StringVar(&p, \"api-token\", \"Hq7Vz3Nn5Ke2Rt9Lp1Wd\", \"\") }", "hardcoded-credential"},
		"cobra flag":                {"import \"github.com/spf13/cobra\"\nfunc f(cmd *cobra.Command, p *string) { cmd.Flags().StringVarP(p, \"admin-password\", \"p\", \"Jd6Ts1Qw8Ny3Kf5Rz2Lh\", \"\") }", "hardcoded-credential"},
		"kingpin flag":              {"import \"github.com/alecthomas/kingpin/v2\"\nvar p = kingpin.Flag(\"smtp-password\", \"h\").Envar(\"X\").Default(\"Bw2Ny7Lq4Ts9Kc1Vz6Rm\").String()", "hardcoded-credential"},
		"flag other":                {"import \"flag\"\nvar p = flag.String(\"listen\", \"Hq7Vz3Nn5Ke2Rt9Lp1Wd\", \"address\")", ""},
		"flag path default":         {"import \"flag\"\nvar p = flag.String(\"password-file\", \"/run/secrets/db\", \"\")", ""},
		"flag unimported":           {"func f(x X, p *string) { x.StringVar(p, \"db-password\", \"Hq7Vz3Nn5Ke2Rt9Lp1Wd\", \"\") }", ""},
		"basic auth compare":        {"import \"net/http\"\nfunc f(r *http.Request) bool {\n\t_, p, _ := r.BasicAuth()\n\treturn p == \"Fk8Wz3Nq6Tb1Lx9Rv4Hm\"\n}", "hardcoded-credential"},
		"basic auth twice":          {"import \"net/http\"\nfunc g(r *http.Request) bool { _, p, _ := r.BasicAuth(); return p != \"\" }\nfunc f(r *http.Request) bool {\n\tu, p, _ := r.BasicAuth()\n\treturn u == \"x\" && p == \"Fk8Wz3Nq6Tb1Lx9Rv4Hm\"\n}", "hardcoded-credential"},
		"basic auth reused":         {"import \"net/http\"\nfunc g(p string) bool { return p == \"Fk8Wz3Nq6Tb1Lx9Rv4Hm\" }\nfunc f(r *http.Request) bool { _, p, _ := r.BasicAuth(); return p != \"\" }", ""},
		"basic auth user":           {"import \"net/http\"\nfunc f(r *http.Request) bool {\n\tu, _, _ := r.BasicAuth()\n\treturn u == \"Fk8Wz3Nq6Tb1Lx9Rv4Hm\"\n}", ""},
		"constant time eq":          {"import (\n\t\"crypto/subtle\"\n\t\"net/http\"\n)\nfunc f(r *http.Request) bool {\n\treturn subtle.ConstantTimeCompare([]byte(r.Header.Get(\"X-Api-Key\")), []byte(\"Mz5Kr9Wq2Tn7Lc4Xb8Pd\")) == 1\n}", "hardcoded-credential"},
		"header via local":          {"import (\n\t\"net/http\"\n\t\"strings\"\n)\nfunc f(r *http.Request) bool {\n\th := r.Header.Get(\"Authorization\")\n\treturn strings.EqualFold(h, \"Bearer Qp7Nx2Lz9Kt4Wr6Hc1Vb\")\n}", "hardcoded-credential"},
		"other header eq":           {"import \"net/http\"\nfunc f(r *http.Request) bool { return r.Header.Get(\"Accept\") == \"Qp7Nx2Lz9Kt4Wr6Hc1Vb\" }", ""},
		"constant-case stub":        {"import \"github.com/aws/aws-sdk-go-v2/credentials\"\nvar p = credentials.NewStaticCredentialsProvider(\"STUB_KEY_ID\", \"STUB_SECRET_KEY\", \"SESSION\")", ""},
		"example key sink":          {"import \"github.com/aws/aws-sdk-go-v2/credentials\"\nvar p = credentials.NewStaticCredentialsProvider(\"AKIAIOSFODNN7EXAMPLE\", \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\", \"\")", "aws-example-key"}, // off in the default configuration
		"string type conversion":    {"type Secret string\nfunc set(name string, secret Secret) {}\nfunc f() { set(\"p\", Secret(\"fmhVwlva-byCSEsWAGU0g47kCxhG4rS2A5e7sAuP\")) }", "hardcoded-credential"},
		"other type conversion":     {"type Label string\nfunc set(name string, secret Label) {}\nfunc f() { set(\"p\", Other(\"fmhVwlva-byCSEsWAGU0g47kCxhG4rS2A5e7sAuP\")) }", ""},
		"positional fields":         {"type Credentials struct{ Username, Password string }\nvar c = Credentials{\"alice\", \"Al1ce-Pw-2024\"}", "hardcoded-credential"},
		"elided positional":         {"type Credentials struct{ Username, Password string }\nvar cs = []Credentials{{\"alice\", \"Al1ce-Pw-2024\"}, {\"bob\", \"B0b$ecure99\"}}", "hardcoded-credential,hardcoded-credential"},
		"elided map positional":     {"type Credentials struct{ Username, Password string }\nvar cs = map[string]*Credentials{\"a\": {\"alice\", \"Al1ce-Pw-2024\"}}", "hardcoded-credential"},
		"positional other struct":   {"type Host struct{ Name, Addr string }\nvar h = Host{\"alice\", \"Al1ce-Pw-2024\"}", ""},
		"same-file method":          {"type Client struct{ key string }\nfunc (c *Client) WithKey(apiKey string) *Client { c.key = apiKey; return c }\nfunc f(c *Client) { c.WithKey(\"CFc49GcoJGPtqSATW7i44bOt\") }", "hardcoded-credential"},
		"ambiguous method":          {"type A struct{}\ntype B struct{}\nfunc (A) With(apiKey string) {}\nfunc (B) With(label string) {}\nfunc f(b B) { b.With(\"CFc49GcoJGPtqSATW7i44bOt\") }", ""},
		"result to sink":            {"import \"net/http\"\nfunc pass() string { return \"Hv8!kQ2m-Zp4x\" }\nfunc f(r *http.Request) { r.SetBasicAuth(\"u\", pass()) }", "credential-sink"},
		"result pair to sink":       {"import \"net/http\"\nfunc login() (string, string) { return \"svc\", \"Qm4#vLx9-Tr2w\" }\nfunc f(r *http.Request) {\n\tu, p := login()\n\tr.SetBasicAuth(u, p)\n}", "credential-sink"},
		"result to field":           {"func fallbackValue() string { return \"Wz8!pLq4-Vn3kR\" }\nvar c = Config{Password: fallbackValue()}", "hardcoded-credential"},
		"result to other header":    {"import \"net/http\"\nfunc label() string { return \"Primary-Replica-2\" }\nfunc f(r *http.Request) { r.Header.Set(\"User-Agent\", label()) }", ""},
		"result of parameter":       {"import \"net/http\"\nfunc id(s string) string { return s }\nfunc f(r *http.Request) { r.SetBasicAuth(\"u\", id(\"x\")) }", ""},
		"login pair":                {"func Fallback() (string, string) { return \"admin\", \"Adm!n-Default-7\" }", "hardcoded-credential"},
		"host port pair":            {"func hp() (string, string) { return \"db.internal\", \"5432\" }", ""},
		"key value pair":            {"func kv() (string, string) { return \"mode\", \"ReadWrite\" }", ""},
	} {
		t.Run(name, func(t *testing.T) {
			src := "package p\n" + tc.src + "\n"
			fs, err := Scan("p.go", []byte(src), Options{})
			if err != nil {
				t.Fatalf("Scan: %v", err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.RuleID)
				if f.Offset < 0 || f.EndOffset > len(src) || f.Offset >= f.EndOffset {
					t.Errorf("span %d-%d outside the source", f.Offset, f.EndOffset)
				}
			}
			if strings.Join(got, ",") != tc.rules {
				t.Errorf("rules = %v, want %q", got, tc.rules)
			}
		})
	}
}

func TestGenerated(t *testing.T) {
	gen := "// Code generated by x. DO NOT EDIT.\n\npackage p\n\nvar password = \"Wq5vLm2kZx9wR8\"\n"
	if fs, _ := Scan("g.go", []byte(gen), Options{}); len(fs) != 0 {
		t.Errorf("generated file: %d findings, want none", len(fs))
	}
	if fs, _ := Scan("g.go", []byte(gen), Options{Generated: true}); len(fs) != 1 {
		t.Errorf("generated file with Generated: %d findings, want 1", len(fs))
	}
	// A marker the cheap header check misses (no "\npackage "): the
	// parser's ast.IsGenerated still sees it.
	odd := "// Code generated by x. DO NOT EDIT.\n/* c */package p\n\nvar password = \"Wq5vLm2kZx9wR8\"\n"
	if generatedHeader([]byte(odd)) {
		t.Fatalf("the header check reads %q as generated: the case tests nothing", odd)
	}
	if fs, _ := Scan("g.go", []byte(odd), Options{}); len(fs) != 0 {
		t.Errorf("generated file with the package clause after a comment: %d findings, want none", len(fs))
	}
	if fs, _ := Scan("g.go", []byte(strings.Replace(odd, "// Code", "// Code not", 1)), Options{}); len(fs) != 1 {
		t.Errorf("the same file not generated: %d findings, want 1", len(fs))
	}
	if generatedHeader([]byte("package p\n// Code generated by x. DO NOT EDIT.\n")) {
		t.Errorf("a marker after the package clause counts")
	}
}

// TestSinkPackagesImported checks the one-pass search of the sink
// packages against a search for each package in turn.
func TestSinkPackagesImported(t *testing.T) {
	sinks := rules.DefaultSinks()
	naive := func(head string) bool {
		for _, sk := range sinks {
			if i := strings.Index(head, sk.Package); i > 0 && head[i-1] == '"' {
				return true
			}
		}
		return false
	}
	var heads []string
	for _, sk := range sinks {
		p := sk.Package
		heads = append(heads,
			"package x\n\nimport (\n\t\"fmt\"\n\t\""+p+"\"\n)\n",
			"package x\n\n// uses "+p+" below\nimport \""+p+"\"\n",                      // first occurrence unquoted
			"package x\n\nimport \""+strings.ToUpper(p)+"\"\n",                          // another case
			"package x\n\nimport \""+p+"/v2\"\n",                                        // a prefix
			"package x\n\nimport \"example.com/"+p+"\"\n",                               // inside another path
			"package x\n\nimport (\n\t\"a\"\n\t\"example.com/"+p+"\"\n\t\""+p+"\"\n)\n", // later quoted
			p, "\""+p, "")
	}
	sp := sinkPackagesFor(sinks)
	n := 0
	for _, h := range heads {
		want := naive(h)
		if got := sp.imported(h); got != want {
			t.Errorf("imported(%q) = %v, a search per package says %v", h, got, want)
		}
		if want {
			n++
		}
	}
	if n == 0 || n == len(heads) {
		t.Errorf("%d of %d heads import a sink: the cases test nothing", n, len(heads))
	}
}

// TestColumnsAsVet checks that scan reports the classes the analyzers
// report at the column go vet prints (the analysistest cases in
// analyzers/secretliteral/testdata/src/a/flags.go): the literal, after an
// authentication scheme.
func TestColumnsAsVet(t *testing.T) {
	src := "package p\n\nimport \"net/http\"\n\nfunc f(r *http.Request) bool {\n\treturn r.Header.Get(\"Authorization\") == \"Bearer Qp7Nx2Lz9Kt4Wr6Hc1Vb\"\n}\n"
	fs, err := Scan("p.go", []byte(src), Options{})
	if err != nil || len(fs) != 1 {
		t.Fatalf("Scan = %v, %v; want one finding", fs, err)
	}
	want := strings.Index(strings.Split(src, "\n")[5], "Qp7") + 1
	if fs[0].Line != 6 || fs[0].Column != want {
		t.Errorf("finding at %d:%d, want 6:%d (the token after the scheme)", fs[0].Line, fs[0].Column, want)
	}
}

// TestKeyHolder: a file whose only candidate is a collection or function
// named as API keys passes the cheap gate; other uses of keys do not.
func TestKeyHolder(t *testing.T) {
	for src, want := range map[string]bool{
		"var routingKeys = struct {\n":         true,
		"var partnerKeys = map[string]string{": true,
		"func oceanKey() string {":             true,
		"var labelKeys = []string{":            false,
		"func cacheKey() string {":             false,
		"keys = append(keys, k)":               false,
		"var routingKeys = newKeys()":          false,
	} {
		if got := keyHolder([]byte(src)); got != want {
			t.Errorf("keyHolder(%q) = %v, want %v", src, got, want)
		}
	}
}
