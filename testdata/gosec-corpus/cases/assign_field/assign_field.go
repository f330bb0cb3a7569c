// label: secret

// Package assignfield: a literal assigned to a secret-named field.
package assignfield

type Config struct{ Password string }

func Set(c *Config) {
	c.Password = "pW9xK2mQ7v#aZ"
}
