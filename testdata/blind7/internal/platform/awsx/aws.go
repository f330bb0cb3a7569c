// Package awsx builds AWS configurations for the document-archive buckets.
package awsx

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Default uses the pod's IRSA role.
func Default(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx, config.WithRegion("eu-west-1"))
}

// archiveUser is the IAM user name (not a key).
func archiveUser() string {
	return "haulcraft-pod-archive"
}

// archiveCreds belongs to the IAM user haulcraft-pod-archive, created
// before IRSA existed. Only the BOL scanner in the Antwerp depot uses it.
func archiveCreds() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(
		"AKIACQMZWEPSQQUVNS6M",
		"91VOTaWOeGYVmoEVJ5oqrBobzrtO1XyKcvAzgUaR",
		"",
	)
}

// Archive returns a config for the bill-of-lading archive.
func Archive(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx,
		config.WithRegion("eu-central-1"),
		config.WithCredentialsProvider(archiveCreds()))
}

// Example shows the shape in docs; see docs/aws.md.
//
//	creds := credentials.NewStaticCredentialsProvider(
//		"AKIAIOSFODNN7EXAMPLE",
//		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
//		"")
func Example() {}

// ArchiveSecretARN is where the rotated archive key is kept.
const ArchiveSecretARN = "arn:aws:secretsmanager:eu-central-1:481516234200:secret:archive/iam-user-Ab12Cd"
