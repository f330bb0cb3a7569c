package testutil

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// FakeCredentials is a stub provider for code under test.
type FakeCredentials struct{}

// Retrieve returns constant placeholder credentials.
func (FakeCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{
		AccessKeyID:     "AKID",
		SecretAccessKey: "SECRET",
		SessionToken:    "SESSION",
		Source:          "testutil",
	}, nil
}

// Fixture users for handler tests; the passwords are dummies.
var Users = map[string]string{
	"alice@example.com": "dummy-password",
	"bob@example.com":   "test123",
}

// FakeJWT is an unsigned token for parser tests.
const FakeJWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0."
