// label: clean

// Package sqlquery: SQL text that mentions passwords.
package sqlquery

const updatePassword = "UPDATE users SET password = $1 WHERE id = $2"
