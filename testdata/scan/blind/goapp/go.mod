module blind

go 1.26

require (
	github.com/aws/aws-sdk-go-v2/credentials v1.21.0
	github.com/golang-jwt/jwt/v5 v5.3.1
)

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0 // indirect
	github.com/aws/smithy-go v1.28.9 // indirect
)
