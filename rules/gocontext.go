package rules

import (
	"regexp"
	"strings"
)

// Names that Go code gives a value by its context, shared by the
// analyzers and scan's syntax-level Go pass.

// ResultName is what a function's single result is called after its
// name, without a leading verb: apiToken → apiToken, getDBPassword →
// db_password.
func ResultName(fn string) string {
	words := SplitWords(fn)
	if len(words) > 1 {
		switch words[0] {
		case "get", "fetch", "load", "read", "lookup", "default", "must", "new", "make", "build", "gen", "generate":
			return strings.Join(words[1:], "_")
		}
	}
	return fn
}

// reKeyName is a constant that can be a key: a name, not text.
var reKeyName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// IsKeyName reports whether a constant can be a key or a variable name
// (DB_PASSWORD, api_key, spring.datasource.password), not text.
func IsKeyName(s string) bool { return reKeyName.MatchString(s) }

// KeyedCall reports whether a function or method stores or defaults a
// value under the key given as its first argument: Set, Add, Put, Store,
// Setenv, SetDefault …, or a name that says environment or default
// (getenv, EnvOr, GetOrDefault).
func KeyedCall(name string) bool {
	switch name {
	case "Set", "Add", "Put", "Store", "SetDefault", "Upsert", "Insert", "SetString", "Setenv", "setenv":
		return true
	}
	l := strings.ToLower(name)
	return strings.Contains(l, "env") || strings.HasSuffix(l, "default") || strings.HasPrefix(l, "get") && strings.HasSuffix(l, "or")
}
