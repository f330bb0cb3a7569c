// label: secret

// Package localvartofield: a literal in a local variable reaching a secret-named field.
package localvartofield

type Config struct{ Password string }

func New() Config {
	v := "mQ7vXk2pL9zRw"
	return Config{Password: v}
}
