// label: secret

// Package privatekey: a PEM private key in a constant.
package privatekey

const signer = `-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAuVa7hJ3lYk2pQ9xLm7pZ8wR4tY6uI3oP0aS5dF2gH7jK9lZb
q8Lm2vXk9zPwT1Rk2vQ9xLm7pZ8wR4tY6uI3oP0aS5dF2gH7jK9lZbQ7vXk2pL9z
-----END RSA PRIVATE KEY-----`
