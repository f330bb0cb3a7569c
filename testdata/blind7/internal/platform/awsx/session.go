package awsx

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Temporary credentials captured from `aws sts assume-role` for the
// 2024-03 archive migration. Expired?  Nobody checked.
var migrationCreds = aws.Credentials{
	AccessKeyID:     "ASIACZUBQ3GVPBL6NBIZ",
	SecretAccessKey: "ePM+YwoY0A8hWVbbcYrpg1iISbOxC/l7U3KLtnaU",
	SessionToken:    "IQoJb3JpZ2luX2VjEkUrgROHR3s/xajysqGW/RK+H5ULm0nLDPF++lsZ1vflotGHlFYNe2Wl+yy5XKSAH2gci/bsTg1vHTCreleTteOk+hMBbthakbiU06AT+NCaGc+GHSkDzSaih9GOF6bVwO4LHmgIvcNOYGhxhv0laO5Wdr2wNv3vONBa0QB4Ahj/IH/eR4TpcFX+fxY0Vxz+WPUqSsY9bvzPtoN9Tuz4SyhO604KrjY97bNlqUblnRXBYmeYrLQIFP8lpQgIXNjUtRDGo3k1jvdpg7fGh85knrpqygSTSMRQSl+3X9k9SxWeS=",
	Source:          "assume-role",
}

// MigrationProvider returns the migration credentials.
func MigrationProvider() aws.CredentialsProvider {
	return credentials.StaticCredentialsProvider{Value: migrationCreds}
}
