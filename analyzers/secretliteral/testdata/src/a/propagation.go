package a

func propagate2(c *Config) {
	v := "mQ7vXk2pL9zRw" // want `hardcoded credential in string literal assigned to c.Password via v \(hardcoded-credential\)`
	c.Password = v
	const k = "Rk2vQ9xLm7pZ8wR4tY6u" // want `hardcoded credential in string literal assigned to field Password via k`
	_ = Config{Password: k}
}
