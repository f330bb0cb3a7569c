package cloud

import "github.com/aws/aws-sdk-go-v2/credentials"

const awsAccessKeyID = "AKIARE6ORAHX6RSKSPVU"
const awsSecretAccessKey = "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"

const secretName = "prod/payments/api"
const kmsKeyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func Static() credentials.StaticCredentialsProvider {
	return credentials.NewStaticCredentialsProvider(awsAccessKeyID, awsSecretAccessKey, "")
}

func Inline() credentials.StaticCredentialsProvider {
	return credentials.NewStaticCredentialsProvider("AKIAQIRRQ4D7WOSNTY4Y", "QSyyj/Q58yqOZMO4ci1279CxW8232TZGmnv43z95", "")
}

func Docs() credentials.StaticCredentialsProvider {
	return credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
}

func Names() (string, string) { return secretName, kmsKeyARN }
