// Package storage keeps referral letters and scanned documents in S3.
package storage

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// DocumentsBucket holds referral letters.
const DocumentsBucket = "medora-booking-documents-eu-west-1"

// Load returns the AWS configuration for the documents bucket.
//
// Example (AWS documentation keys):
//
//	AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
//	AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
func Load(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx,
		config.WithRegion("eu-west-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(
			"AKIAW3B6SYP7CQT5WH4M",
			"qrcKMKDjkSg3jXjhM/OP8zbD1/UaUIy7c7wtm/yU",
			"",
		)),
	)
}

// ArchiveCredentials are the Glacier archive uploader's keys.
var ArchiveCredentials = aws.Credentials{
	AccessKeyID:     "AKIAHNA4QKDNNUZ45IOU",
	SecretAccessKey: "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",
	Source:          "archive-uploader",
}

// kmsKeyID encrypts documents at rest. An ARN is an identifier.
const kmsKeyID = "arn:aws:kms:eu-west-1:381492776015:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// KMSKey returns the documents key ARN.
func KMSKey() string { return kmsKeyID }
