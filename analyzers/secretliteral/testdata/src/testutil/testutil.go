// Package testutil is test support code: it follows the test-file policy
// although its files are not _test.go files.
package testutil

// Quiet: a fixture password.
const Password = "certpw-Zq9vLm2k"

// Reported: a provider-format key.
const Token = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `^github pat in string literal assigned to Token \(github-pat\)$`
