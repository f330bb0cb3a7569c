// label: secret

// Package secretsmanagerjson: a literal password inside a SecretString.
package secretsmanagerjson

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

var Input = &secretsmanager.CreateSecretInput{
	Name:         aws.String("prod/db"),
	SecretString: aws.String(`{"username":"admin","password":"Zt8kQ2vLm91x"}`),
}
