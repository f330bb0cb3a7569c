// Package cloud builds AWS configurations.
package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Credentials of the IAM user fleet-archiver (archive bucket uploads only).
const (
	archiveAccessKeyID     = "AKIAMCHQI7WMAXK3YNI6"
	archiveSecretAccessKey = "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"
	archiveBucket          = "acme-fleet-archive-prod"
	archiveKMSKey          = "arn:aws:kms:eu-west-1:746742952083:key/ecb14f54-53e7-4904-920d-42a847a7c455"
	archiveRoleARN         = "arn:aws:iam::746742952083:role/fleet-archiver"
)

// ArchiveConfig is the configuration of the archive uploader.
func ArchiveConfig(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx,
		config.WithRegion("eu-west-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(archiveAccessKeyID, archiveSecretAccessKey, "")),
	)
}

// ReportsConfig is the configuration of the reports exporter.
func ReportsConfig(ctx context.Context) (aws.Config, error) {
	creds := credentials.NewStaticCredentialsProvider("AKIAHNXFAD6ZHVU2NCKC", "Mx5uuIFOAZArpNJmC3kn9I6aB8hPPTJjv0OMru0O", "")
	return config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(creds), config.WithRegion("us-east-2"))
}

// Static credentials look like AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (AWS docs).

// StubProvider is used by the dry-run mode, which never calls AWS.
func StubProvider() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider("ACCESS_KEY", "SECRET_KEY", "SESSION")
}

// ProfileConfig loads a named profile from ~/.aws/credentials.
func ProfileConfig(ctx context.Context, profile string) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx, config.WithSharedConfigProfile(profile))
}

// Bucket returns the archive bucket, key and role.
func Bucket() (string, string, string) { return archiveBucket, archiveKMSKey, archiveRoleARN }
