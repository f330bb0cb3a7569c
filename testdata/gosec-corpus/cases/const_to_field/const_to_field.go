// label: secret

// Package consttofield: a literal in an innocently named constant reaching a secret-named field.
package consttofield

type Config struct{ Password string }

const initial = "Rk2vQ9xLm7pZ8wR4"

var C = Config{Password: initial}
