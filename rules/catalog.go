package rules

import (
	"path"
	"regexp"
	"strings"
)

// NamesNotCredentials reports whether the keys of a file at path p name
// something other than the value they hold, so that the name-based rules
// (QuietInTests: hardcoded-credential, generic-api-key …) have nothing to
// judge there; provider-format keys are still reported. Two kinds:
//
//   - a message catalog (MessageCatalog): "password": "Passwort" is the
//     German label of a password field, not a password;
//   - nsswitch.conf, whose keys are the system databases: passwd: files.
func NamesNotCredentials(p string) bool {
	return MessageCatalog(p) || path.Base(p) == "nsswitch.conf"
}

// catalogDirs are the directory names that hold translations.
var catalogDirs = map[string]bool{
	"locale": true, "locales": true, "i18n": true, "l10n": true, "translations": true,
	"translation": true, "lang": true, "langs": true, "languages": true, "po": true,
}

// catalogPrefixes are file name heads written before a language tag
// (locale_de-DE.json, messages_fr.properties, strings-ja.yaml).
var catalogPrefixes = map[string]bool{
	"locale": true, "locales": true, "messages": true, "strings": true, "translation": true,
	"translations": true, "lang": true, "i18n": true,
}

// catalogExts are the formats of key/value message catalogs.
var catalogExts = map[string]bool{
	".json": true, ".yaml": true, ".yml": true, ".toml": true, ".ini": true, ".properties": true,
	".po": true, ".pot": true, ".arb": true, ".strings": true,
}

// reLangTag is a BCP 47 language tag as catalogs spell it: a lower-case
// language, then a script, a region or both (de, nl-NL, zh_TW, zh-Hans,
// sr-Latn-RS, es-419).
var reLangTag = regexp.MustCompile(`^[a-z]{2,3}(?:[-_](?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}))*$`)

// MessageCatalog reports whether path p is a translation catalog: a
// file named by a language tag (or by a catalog word and a tag) in a
// locale/i18n/translations directory, or a file named
// locale_TAG / messages_TAG anywhere. Its values are the user interface's
// text in one language, one of them the word for "password".
func MessageCatalog(p string) bool {
	p = strings.ReplaceAll(p, "\\", "/")
	base := path.Base(p)
	ext := strings.ToLower(path.Ext(base))
	if !catalogExts[ext] {
		return false
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	tagged, prefixed := reLangTag.MatchString(stem), false
	for j := 1; !tagged && j < len(stem); j++ {
		// HEAD_TAG: the tag may itself contain - or _, so the first
		// separator after which a tag follows splits them
		if c := stem[j]; (c == '_' || c == '.' || c == '-') && reLangTag.MatchString(stem[j+1:]) {
			tagged = true
			prefixed = catalogPrefixes[strings.ToLower(stem[:j])]
		}
	}
	if !tagged {
		return false
	}
	if prefixed {
		return true
	}
	dir := path.Dir(p)
	for _, el := range strings.Split(dir, "/") {
		if catalogDirs[strings.ToLower(el)] {
			return true
		}
	}
	return false
}
