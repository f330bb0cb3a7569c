package rules

import (
	"encoding/json"
	"path"
	"regexp"
	"strings"
)

// SettingsFormat names the format of a file of settings stored as one
// value under name (a ConfigMap's or Secret's application.properties,
// .env, INI file, JSON key file or YAML configuration), by the name's
// extension, else by its content: "text" (properties, .env, INI, TOML:
// KEY=value lines), "yaml" (YAML or JSON), or "" when it is not a file of
// settings.
func SettingsFormat(name, value string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".properties", ".env", ".ini", ".cfg", ".conf", ".cnf", ".toml":
		return "text"
	case ".json", ".yaml", ".yml":
		return "yaml"
	}
	if strings.EqualFold(name, ".env") || strings.HasSuffix(strings.ToLower(name), ".env") {
		return "text"
	}
	t := strings.TrimSpace(value)
	if t == "" {
		return ""
	}
	if t[0] == '{' || t[0] == '[' && len(t) > 1 && strings.IndexByte("{[\"\n\r\t ", t[1]) >= 0 {
		return "yaml" // JSON
	}
	// Sniff: most non-blank, non-comment lines are KEY=value or [section]
	// (text), or key: value (YAML).
	eq, colon, n := 0, 0, 0
	for l := range strings.Lines(t) {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		n++
		i := strings.IndexAny(l, "=:")
		switch {
		case l[0] == '[' && l[len(l)-1] == ']':
			eq++
		case i > 0 && l[i] == '=':
			eq++
		case i > 0 && l[i] == ':' && (i+1 == len(l) || l[i+1] == ' '):
			colon++
		}
	}
	switch {
	case n >= 2 && eq*2 > n:
		return "text"
	case n >= 2 && colon*2 > n:
		return "yaml"
	}
	return ""
}

// settingsDocument reports whether value, stored under name, is a whole
// file of settings (several lines, or a JSON object or array) rather than
// one value: such an entry is judged by what it holds.
func settingsDocument(name, value string) bool {
	t := strings.TrimSpace(value)
	if SettingsFormat(name, t) == "" {
		return false
	}
	if t != "" && (t[0] == '{' || t[0] == '[') {
		return json.Valid([]byte(t))
	}
	return strings.Count(t, "\n") >= 1
}

// reSettingsLine is one key and value of a settings file: key: value,
// key = value, "key": "value", - key: value, export KEY=value.
var reSettingsLine = regexp.MustCompile(`^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z_][\w.\-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$`)

// settingsCredential reports whether a file of settings holds a
// credential: a secret-named key with a hardcoded value, a URL with a
// password, or a private key. JSON is walked whole; other formats line by
// line.
func settingsCredential(names *Names, doc string) bool {
	if strings.Contains(doc, "PRIVATE KEY") || len(FindCredentials(doc)) > 0 {
		return true
	}
	entry := func(k, v string) bool {
		if _, ok := names.Match(k); !ok {
			return false
		}
		c := Classify(v)
		return c.Hardcoded() || c.Kind == KindWeak
	}
	t := strings.TrimSpace(doc)
	if t != "" && (t[0] == '{' || t[0] == '[') {
		var v any
		if json.Unmarshal([]byte(t), &v) == nil {
			return jsonCredential(v, "", entry)
		}
	}
	for l := range strings.Lines(t) {
		m := reSettingsLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		v := m[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		if v != "" && entry(m[1], v) {
			return true
		}
	}
	return false
}

// jsonCredential walks a decoded JSON value for a string under a key that
// entry accepts.
func jsonCredential(v any, key string, entry func(k, v string) bool) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if jsonCredential(c, k, entry) {
				return true
			}
		}
	case []any:
		for _, c := range x {
			if jsonCredential(c, key, entry) {
				return true
			}
		}
	case string:
		return key != "" && entry(key, x)
	}
	return false
}
