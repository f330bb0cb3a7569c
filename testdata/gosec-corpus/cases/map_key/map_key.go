// label: secret

// Package mapkey: a literal under a secret-named map key.
package mapkey

var Settings = map[string]string{
	"host":     "db.internal",
	"password": "hX9kq2Vr7pLmQ",
}
