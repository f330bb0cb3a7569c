// label: secret

// Package assignnamed: a literal token assigned to a secret-named local.
package assignnamed

func Run() string {
	authToken := "s3cr3t-signing-k3y-8842"
	return authToken
}
