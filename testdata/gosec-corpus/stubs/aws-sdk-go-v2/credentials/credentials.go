// Package credentials is a stub of the AWS SDK for the corpus.
package credentials

type StaticCredentialsProvider struct{}

func NewStaticCredentialsProvider(key, secret, session string) StaticCredentialsProvider {
	return StaticCredentialsProvider{}
}
