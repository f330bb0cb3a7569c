// label: secret

// Package awsstatic: literal AWS credentials passed to a static provider.
package awsstatic

import (
	"github.com/aws/aws-sdk-go-v2/credentials"
)

var Provider = credentials.NewStaticCredentialsProvider("AKIAZ7QXPLN3RT5VW2YB", "7sK2vQ9xLm1pZ8wR4tY6uI3oP0aS5dF2gH7jK9lZ", "")
