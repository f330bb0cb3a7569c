// label: clean

// Package awsexample: AWS documentation example keys.
package awsexample

import (
	"github.com/aws/aws-sdk-go-v2/credentials"
)

const awsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

var Provider = credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", awsSecretAccessKey, "")
