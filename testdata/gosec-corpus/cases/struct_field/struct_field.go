// label: secret

// Package structfield: a literal in a secret-named struct field.
package structfield

type Config struct {
	Host     string
	Password string
}

var Default = Config{Host: "db.internal", Password: "q8Lm2vXk9zPwT"}
