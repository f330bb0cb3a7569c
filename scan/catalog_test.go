package scan_test

import (
	"context"
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// TestNamesNotCredentialsFiles: in a message catalog ("password": the
// word for password in one language) and in nsswitch.conf (passwd: the
// database), the name-based rules are quiet; a provider-format token is
// still reported there, and the same file outside a catalog path is
// judged as usual.
func TestNamesNotCredentialsFiles(t *testing.T) {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	tok := []byte("ghp_")
	for range 36 {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alnum))))
		if err != nil {
			t.Fatal(err)
		}
		tok = append(tok, alnum[n.Int64()])
	}
	catalog := "{\n  \"password\": \"Wachtwoord\",\n  \"install.mailer_password\": \"SMTP-Passwort\",\n  \"settings.access_token\": \"Pääsymerkki\",\n  \"example_token\": \"" + string(tok) + "\"\n}\n"
	rules := func(p, content string) map[string]int {
		fs, _ := scan.ScanFile(context.Background(), defaultConfig(t), p, []byte(content))
		got := map[string]int{}
		for _, f := range fs {
			got[f.RuleID]++
		}
		return got
	}
	for _, p := range []string{"options/locale/locale_nl-NL.json", "config/locales/nl.yml", "i18n/messages_fi.properties"} {
		content := catalog
		switch p {
		case "config/locales/nl.yml":
			content = "nl:\n  password: Wachtwoord\n  mailer_password: SMTP-Passwort\n  example_token: " + string(tok) + "\n"
		case "i18n/messages_fi.properties":
			content = "password=Salasana\nexample_token=" + string(tok) + "\n"
		}
		got := rules(p, content)
		if got["hardcoded-credential"] != 0 || got["generic-api-key"] != 0 {
			t.Errorf("%s: name-based findings in a message catalog: %v", p, got)
		}
		if got["github-pat"] != 1 {
			t.Errorf("%s: the provider-format token is not reported: %v", p, got)
		}
	}
	if got := rules("config/settings.json", catalog); got["hardcoded-credential"] == 0 {
		t.Errorf("outside a catalog, a password-named key is no longer judged: %v", got)
	}
	if got := rules("docker/root/etc/nsswitch.conf", "passwd:         compat\nshadow:         compat\ngroup:          compat\n"); len(got) != 0 {
		t.Errorf("nsswitch.conf: %v", got)
	}
}
