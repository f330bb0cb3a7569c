// Package testutil is test support code: it follows the test-file policy
// although its files are not _test.go files.
package testutil

// Quiet: a fixture password.
const Password = "certpw-Zq9vLm2k"

// Reported: a provider-format key.
const Token = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `^github pat in string literal assigned to Token \(github-pat\)$`

// Reported: an AWS key pair, the id outside gitleaks' base32 alphabet
// (a 9 and a 6), the secret access key a provider format next to it.
const (
	StagingAccessKeyID     = "AKIAQXM9OHIRIECZC6Y4"                     // want `^aws access token in string literal assigned to StagingAccessKeyID \(aws-access-token\)$`
	StagingSecretAccessKey = "Zq9vLm2kXw7pR4tY6uI3bN8cV5xA1sD0fG/hJ+kL" // want `^aws secret access key in string literal assigned to StagingSecretAccessKey \(aws-secret-access-key\)$`
)

// Quiet: a key pair that says it is fake.
const (
	FakeAccessKeyID     = "AKIAFAKE9OHIRIECZC64"
	FakeSecretAccessKey = "fakeLm2kXw7pR4tY6uI3bN8cV5xA1sD0fG/hJ+kL"
)
