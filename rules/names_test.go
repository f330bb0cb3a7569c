package rules

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSplitWords(t *testing.T) {
	for in, want := range map[string][]string{
		"DBPassword":                 {"db", "password"},
		"api_key2":                   {"api", "key", "2"},
		"X-Auth-Token":               {"x", "auth", "token"},
		"spring.datasource.password": {"spring", "datasource", "password"},
		"HTTPSProxyURL":              {"https", "proxy", "url"},
		"passwordMinLength":          {"password", "min", "length"},
		"AWS_SECRET_ACCESS_KEY":      {"aws", "secret", "access", "key"},
		"":                           nil,
		"__":                         nil,
	} {
		if got := SplitWords(in); !slices.Equal(got, want) {
			t.Errorf("SplitWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNamesMatch(t *testing.T) {
	secret := []string{
		"password", "Password", "DBPassword", "db_password", "DB_PASSWORD", "dbPass", "SMTP_PW",
		"adminPasswd", "pwd", "apiKey", "APIKey", "api_key", "apikey", "API_KEY", "accessKey",
		"AWS_SECRET_ACCESS_KEY", "secretKey", "secret_key", "privateKey", "client_secret",
		"clientSecret", "ClientSecret", "token", "authToken", "accessToken", "refresh_token",
		"GITHUB_TOKEN", "credentials", "creds", "dsn", "DatabaseDSN", "passwordValue", "token2",
		"jwtSecret", "signingKey", "hmac_key", "encryptionKey", "basic_auth", "proxyAuth",
		"connectionString", "connStr", "private_key_pem", "secret", "masterKey", "passphrase",
		"keyfile_json.private_key", "key-store-password", "trustStorePassword", "newPassword", "sas_token", "storage_account_key", "webhookSecret",
		"PGPASSWORD", "MYSQLPASSWORD", "dbpassword", "REDISCLI_AUTHTOKEN", "rootpwd", "SECRET_KEY_BASE",
		"pw", "userPw", "cred", "dbCred", "bearer", "pin", "cardPin", "pwd", "passphrase",
	}
	notSecret := []string{
		"PasswordEnvVar", "TokenHeader", "passwordMinLength", "secretName", "secretRef",
		"secretKeyRef", "tokenURL", "token_endpoint", "tokenType", "token_type", "authType",
		"auth", "Auth", "key", "publicKey", "public_api_key", "isPasswordSet", "hasToken",
		"ErrBadPassword", "errInvalidToken", "passwordHash", "password_file", "passwordFile",
		"tokenPath", "credentialsFile", "secretsManager", "tokenSource", "TokenProvider",
		"passwordPolicy", "passwordPrompt", "GetPassword", "pass", "bypass",
		"passthrough", "compass", "authors", "keyboard", "monkey", "tokenizer", "tokens",
		"showPassword", "forgotPassword", "ValidatePassword", "password_length", "pwdLen",
		"apiKeyID", "access_key_id", "updatePassword", "ChangePassword", "saveToken", "promptPassword", "resolveSecret", "secretArn", "secret_version", "tokenExpiry", "tokenTTL",
		"authorizationURL", "passwordRegex", "fakeToken", "dummyPassword", "exampleSecret",
		"nopassword", "forgotpassword", "gettoken", "PGPASSFILE", "showpassword",
		"ATNStateTokenStart", // gosec's G101 sample: an ANTLR state, decided not a secret name (README)
		"pinned", "pinVersion", "pwLen", "credType", "bearerFormat", "spinner", "mapping",
	}
	for _, name := range secret {
		if _, ok := DefaultNames.Match(name); !ok {
			t.Errorf("Match(%q) = false, want a secret name", name)
		}
	}
	for _, name := range notSecret {
		if term, ok := DefaultNames.Match(name); ok {
			t.Errorf("Match(%q) = true (%s), want not a secret name", name, term)
		}
	}
}

func TestNamesConfigured(t *testing.T) {
	n := NewNames([]string{"pin", "recovery_code"}, []string{"legacy_password"})
	for name, want := range map[string]bool{
		"userPin": true, "RECOVERY_CODE": true, "recoveryCode2": true,
		"legacyPassword": false, "LEGACY_PASSWORD": false, "password": true,
	} {
		if _, ok := n.Match(name); ok != want {
			t.Errorf("Match(%q) = %v, want %v", name, ok, want)
		}
	}
}

func TestGoContext(t *testing.T) {
	for fn, want := range map[string]string{"apiToken": "apiToken", "getDBPassword": "db_password", "get": "get", "GetToken": "token"} {
		if got := ResultName(fn); got != want {
			t.Errorf("ResultName(%q) = %q, want %q", fn, got, want)
		}
	}
	for name, want := range map[string]bool{"Set": true, "Put": true, "getenv": true, "EnvOr": true, "GetOrDefault": true, "GetOr": true, "Println": false, "Printf": false, "Info": false, "Do": false} {
		if got := KeyedCall(name); got != want {
			t.Errorf("KeyedCall(%q) = %v, want %v", name, got, want)
		}
	}
	for s, want := range map[string]bool{"DB_PASSWORD": true, "spring.datasource.password": true, "password: %s": false, "": false} {
		if got := IsKeyName(s); got != want {
			t.Errorf("IsKeyName(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFormatArgs(t *testing.T) {
	str := func(s string) *string { return &s }
	for _, c := range []struct {
		format string
		args   []*string
		arg    int
		secret string
	}{
		{"host=%s user=%s password=%s dbname=orders", []*string{str("db.internal"), str("orders"), str("Ord3rs!Pass")}, 2, "Ord3rs!Pass"},
		{"postgres://%s:%s@%s/app", []*string{str("app"), str("hX9kq2Vr7pLm"), nil}, 1, "hX9kq2Vr7pLm"},
		{"%s:%s@tcp(%s)/orders", []*string{str("app"), str("pW9xK2mQ7v"), str("db.internal:3306")}, 1, "pW9xK2mQ7v"},
		{"postgres://%s:%s@%s/app", []*string{str("app"), nil, str("db")}, -1, ""},
		{"host=%s password=%s", []*string{str("db"), str("changeme")}, -1, ""},
		{"100%% of %s", []*string{str("x")}, -1, ""},
	} {
		arg, sp, _, ok := FormatArgs(c.format, c.args)
		switch {
		case c.arg < 0 && ok:
			t.Errorf("FormatArgs(%q) found argument %d", c.format, arg)
		case c.arg >= 0 && (!ok || arg != c.arg || (*c.args[arg])[sp.Start:sp.End] != c.secret):
			t.Errorf("FormatArgs(%q) = %d %v %v, want argument %d holding %q", c.format, arg, sp, ok, c.arg, c.secret)
		}
	}
}

func TestShortTermValues(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"pin", "4821", true},
		{"cardPin", "90417325", true},
		{"pin", "1234", false},          // a sequence
		{"pin", "0000", false},          // repeated
		{"pin", "v1.2.3", false},        // a version is pinned, not a PIN
		{"pin", "sha256:9f8e7d", false}, // a digest
		{"pw", "Qm3xV8rT2kL9wZ5n", true},
		{"cred", "KjasdlkjapoIKLlka98098sdf012U/rL2sLdBqOHQUlt5Z6kCgKGDyCFA==", true},
		{"bearer", "Bearer: 2lkjdfoiuwer092834kjdwf09", true},
		{"bearer", "Bearer", false},
		{"pwd", "/home/user/project", false}, // the working directory
		{"passphrase", "correct-horse-battery-staple", true},
		{"secret_id", "8f14e45f-ceea-467f-a0e6-c2b1f1b6d3a9", true},       // Vault AppRole
		{"approleSecretID", "8f14e45f-ceea-467f-a0e6-c2b1f1b6d3a9", true}, // Vault AppRole
		{"SecretId", "prod/orders/db-password", false},                    // a Secrets Manager name
		{"secret_id", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x", false},
		{"secret_id", "00000000-0000-0000-0000-000000000000", false}, // example UUID
		{"role_id", "8f14e45f-ceea-467f-a0e6-c2b1f1b6d3a9", false},   // the public half
	} {
		if got := CheckAssignment(DefaultNames, Candidate{Name: c.name, Value: c.value}).Match; got != c.want {
			t.Errorf("CheckAssignment(%s = %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

// TestSplitWordsASCII checks the byte-wise path of SplitWords against the
// rune-wise one on ASCII names.
func TestSplitWordsASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "aBcDPWdbTOKENkey_-.0912 :xYz"
	for range 20000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		name := string(b)
		if got, want := SplitWords(name), splitWordsRunes(nil, name); !slices.Equal(got, want) {
			t.Fatalf("SplitWords(%q) = %q, the rune-wise split gives %q", name, got, want)
		}
	}
}

// TestPassField: PassField's shortcut answers as the words do.
func TestPassField(t *testing.T) {
	for _, f := range []string{"Pass", "pass", "PASS", "_pass_", "PaSS", "pAss", "Pass2", "Passwd", "pas", "Pässe", "pass_pass", "X", "", "p_a_s_s", "PASSWORD"} {
		w := SplitWords(f)
		if want := len(w) == 1 && w[0] == "pass"; PassField(f) != want {
			t.Errorf("PassField(%q) = %v, want %v (words %q)", f, !want, want, w)
		}
	}
}

func TestPairedName(t *testing.T) {
	for _, c := range []struct {
		field    string
		siblings []string
		want     string
	}{
		{"Pass", []string{"User", "Pass"}, "user_pass"},
		{"pass", []string{"login", "pass"}, "login_pass"},
		{"Pass", []string{"Name", "Pass"}, "Pass"},
		{"Pass", nil, "Pass"},
		{"Password", []string{"User"}, "Password"},
		{"User", []string{"User", "Pass"}, "User"},
	} {
		if got := PairedName(c.field, c.siblings); got != c.want {
			t.Errorf("PairedName(%q, %q) = %q, want %q", c.field, c.siblings, got, c.want)
		}
	}
	cfg, err := DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cfg.Names.Match("user_pass"); !ok {
		t.Error("user_pass is not a secret name")
	}
}

func TestEntryName(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{"qa@medora-care.net", "RyalI8~YFz6TcV0NrbNI3l", "account_password"},
		{"qa@medora-care.net", "Alice Smith", "qa@medora-care.net"},
		{"qa@medora-care.net", "admin", "qa@medora-care.net"},
		{"timeout", "Rk2vQ9xLm7", "timeout"},
		{"mailto:qa@x.io", "Rk2vQ9xLm7", "mailto:qa@x.io"},
	} {
		if got := EntryName(c.key, c.value); got != c.want {
			t.Errorf("EntryName(%q, %q) = %q, want %q", c.key, c.value, got, c.want)
		}
	}
}
