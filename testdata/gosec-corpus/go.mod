module corpus

go 1.26

require (
	github.com/aws/aws-sdk-go-v2 v1.0.0
	github.com/go-sql-driver/mysql v1.0.0
	github.com/golang-jwt/jwt/v5 v5.0.0
	github.com/hashicorp/vault/api v1.0.0
	golang.org/x/oauth2 v0.0.1
)

replace (
	github.com/aws/aws-sdk-go-v2 => ./stubs/aws-sdk-go-v2
	github.com/go-sql-driver/mysql => ./stubs/mysql
	github.com/golang-jwt/jwt/v5 => ./stubs/jwt
	github.com/hashicorp/vault/api => ./stubs/vault-api
	golang.org/x/oauth2 => ./stubs/oauth2
)
