// Package billing is what scripts/golangci-build.sh lints with the
// custom golangci-lint, named like application code (a path element or
// file name such as "fixture" would make it test support, where name
// rules are quiet). Values are random text in provider formats, never
// real keys.
package billing

import "os"

const deployToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy"

var dbPassword = "hX9#kq2!Vr7pLm4Zt"

// Not findings.
var fromEnv = os.Getenv("DB_PASSWORD")

// Use keeps the values referenced.
func Use() []string { return []string{deployToken, dbPassword, fromEnv} }
