// Package ota stores firmware images and serves signed download URLs.
package ota

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/minio/minio-go/v7"
	miniocreds "github.com/minio/minio-go/v7/pkg/credentials"
)

const firmwareBucket = "brightloop-firmware-eu"

// firmwareKMSKey encrypts the bucket. Pass a key id or ARN, for example
// arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
var firmwareKMSKey = "alias/firmware-eu"

// NewS3 returns the client for the firmware bucket. In CI the keys come from
// the environment; the static pair below is the ota-uploader IAM user and
// must go away once the runners have an instance role (OPS-1184).
func NewS3(ctx context.Context) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion("eu-central-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(
			"AKIAPZV24DDXQJGKEPOL",
			"ZnyYC7pfxCgzWh5EJBcNEy5AoBCu0Njpuk2LoMR8",
			"",
		)),
	)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

// NewS3Example shows the shape of a static provider for the README; the pair
// is the one from the AWS documentation.
func NewS3Example() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
}

// NewEdgeCache returns the MinIO client of the on-prem edge cache in the
// installer warehouses.
func NewEdgeCache() (*minio.Client, error) {
	return minio.New("edge-cache.brightloop.internal:9000", &minio.Options{
		Creds:  miniocreds.NewStaticV4("X3T5XHOFHYXXC7OJ1OKU", "MbVBQOjoNdyFf5I2W29A32iI3v9W6paC0de8TCF4", ""),
		Secure: true,
	})
}

func PresignTTL() time.Duration { return 15 * time.Minute }

// breakGlass is the session of the ota-admin role that Marco pasted in while
// the instance role was broken (expires with the session, 12h).
func breakGlass() aws.Credentials {
	return aws.Credentials{
		AccessKeyID:     "ASIASC6FKB2WBJHZQUKA",
		SecretAccessKey: "GneWnHz6OijCHpn5z7toBKYnSJyib2l9SuB7KuBx",
		SessionToken:    "IQoJb3JpZ2luX2VjEBeQuKwqC7/htCg4kazXQRLM3Lq6vL1xiO/DQzjdjLPU4aAwS88QXbAG4DMYlboQF8XhrM8MtV9nvq4IwwZ3XGrXVlPjuaMwVDgv1/89jRjGP5xHhMye8LekD7lZnIRQAS7vzjfspXXPWPKNuQ0z4RAHcO0MYwFMPgJzs/1pVB1XWXjtJ6Iky/C3x/IIl0vl0hDOWWcfgBVZ6NHd+TuHbqOQQM1v1rE5fOgxkGFnmQTeb3E+QGzYzd3njcynGaMX/noAmID2+k1cZClL6oYKNRBNT795IUjus/epQZGRdRYbuw7CaoF5UlcOZHaYqwoafUTRV9Kc0IF4OoNdc8kO4",
		Source:          "manual",
	}
}

var _, _ = breakGlass, firmwareKMSKey
