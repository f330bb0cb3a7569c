package client

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"net/smtp"
	"os"

	"github.com/aws/aws-sdk-go-v2/credentials"
)

const (
	defaultUser     = "billing"
	apiSecret       = "As4vLq8mZx2wR7kRtY"
	passwordEnvVar  = "BILLING_PASSWORD"
	tokenHeaderName = "X-Billing-Token"
)

var signingKey = []byte("Sg6vLq8mZx2wS3kRtY")

type Options struct {
	Endpoint string
	APIKey   string
}

func New() *Options {
	return &Options{Endpoint: "https://api.internal", APIKey: "Ak7vLq2mZx5wT9kR"}
}

func mail() smtp.Auth {
	return smtp.PlainAuth("", "billing", "mailpass1", "smtp.internal")
}

func aws() credentials.StaticCredentialsProvider {
	return credentials.NewStaticCredentialsProvider("AKIAZ7QXPLN3RT5VW2YB", "Wk9vLq2mZx5wV4kRtY6uI3oP1sD7fG2hJ5kL0qZx", "")
}

func sign(b []byte) []byte {
	m := hmac.New(sha256.New, signingKey)
	m.Write(b)
	return m.Sum(nil)
}

func header(r *http.Request) {
	r.Header.Set("Authorization", "Bearer "+os.Getenv("TOKEN"))
	password := os.Getenv(passwordEnvVar)
	_ = password
	errInvalidToken := "invalid token"
	_ = errInvalidToken
	dsn := "postgres://billing:" + os.Getenv("PGPASS") + "@db/billing"
	_ = dsn
}
