package a

func propagate2(c *Config) {
	v := "mQ7vXk2pL9zRw" // want `hardcoded credential in string literal assigned to c.Password via v \(hardcoded-credential\)`
	c.Password = v
	const k = "Rk2vQ9xLm7pZ8wR4tY6u" // want `hardcoded credential in string literal assigned to field Password via k`
	_ = Config{Password: k}
}

// A function whose result is a literal: the literal is judged where the
// result goes, and reported in the return statement.
func fallbackValue() string {
	return "Wz8!pLq4-Vn3kR" // want `hardcoded credential in string literal assigned to field Password via fallbackValue\(\) \(hardcoded-credential\)`
}

func propagate3() Config {
	return Config{Password: fallbackValue()}
}

// A function returning a user name and a password, unnamed: the password
// is reported where it is written.
func Fallback() (string, string) {
	return "admin", "Adm!n-Default-7" // want `^hardcoded credential in string literal returned as the password of a login by Fallback \(hardcoded-credential\)$`
}

// Pairs that are not logins.
func hostPort() (string, string) { return "db.internal", "5432" }

func schemeHost() (string, string) { return "https", "Api.Example.com" }

func keyValue() (string, string) { return "mode", "ReadWrite" }

func labelName() string { return "Primary-Replica-2" }

func propagate4() {
	println(labelName()) // not a secret-named place
}
