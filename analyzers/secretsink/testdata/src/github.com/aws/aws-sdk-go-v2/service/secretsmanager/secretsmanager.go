// Package secretsmanager is a stub of the AWS SDK's package for tests.
package secretsmanager

type CreateSecretInput struct {
	Name         *string
	SecretString *string
}

type PutSecretValueInput struct {
	SecretId     *string
	SecretString *string
}
