// label: secret

// Package constnamed: a literal password in a secret-named constant.
package constnamed

const dbPassword = "Tr0ub4dor&3-x9"

var _ = dbPassword
