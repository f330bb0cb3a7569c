package rules

import "testing"

func TestMessageCatalog(t *testing.T) {
	for p, want := range map[string]bool{
		"options/locale/locale_nl-NL.json":          true,
		"options/locale/locale_zh-TW.json":          true,
		"config/locales/de.yml":                     true,
		"i18n/en.toml":                              true,
		"web/src/i18n/pt_BR.json":                   true,
		"translations/sr-Latn-RS.json":              true,
		"src/main/resources/messages_fr.properties": true,
		"assets/strings-ja.yaml":                    true,
		"po/de.po":                                  true,
		"lang/es-419.json":                          true,
		// not catalogs
		"config/de.yml":                       false, // a tag without a catalog directory or head
		"locales/secrets.json":                false, // no language tag
		"i18n/dev.go":                         false, // not a catalog format
		"deploy/locale_settings.yaml":         false,
		"config/app_prod.json":                false,
		"locales/de/credentials.json":         false,
		"charts/app/values-de.yaml":           false,
		"options/locale/locale_nl-NL.json.go": false,
	} {
		if got := MessageCatalog(p); got != want {
			t.Errorf("MessageCatalog(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestNamesNotCredentials(t *testing.T) {
	for p, want := range map[string]bool{
		"docker/root/etc/nsswitch.conf":    true,
		"options/locale/locale_de-DE.json": true,
		"etc/nsswitch.conf.d/x":            false,
		"config/app.json":                  false,
	} {
		if got := NamesNotCredentials(p); got != want {
			t.Errorf("NamesNotCredentials(%q) = %v, want %v", p, got, want)
		}
	}
}
