// label: secret

// Package comparison: a hardcoded password compared with input.
package comparison

func Check(password string) bool {
	return password == "Zt8kQ2vLm91x-Rk2v"
}
