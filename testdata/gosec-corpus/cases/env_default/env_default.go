// label: secret

// Package envdefault: a literal secret as the default of a variable reference.
package envdefault

const dbPasswordRef = "${DB_PASSWORD:hX9kq2Vr7pLm}"
