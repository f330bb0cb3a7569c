// label: secret

// Package funcparam: a literal passed as a function's password parameter.
package funcparam

func login(user, password string) bool { return user != "" && password != "" }

func Run() bool {
	return login("admin", "hX9#kq2!Vr7pLm4Zt")
}
