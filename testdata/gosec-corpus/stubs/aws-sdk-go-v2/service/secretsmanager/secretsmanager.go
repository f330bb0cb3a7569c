// Package secretsmanager is a stub of the AWS SDK for the corpus.
package secretsmanager

type CreateSecretInput struct {
	Name         *string
	SecretString *string
}
