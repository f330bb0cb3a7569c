package awssecrets_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/sivchari/kumo"

	"github.com/secretlint-go/secretlint/secretref"
	"github.com/secretlint-go/secretlint/secretref/awssecrets"
)

// A program that configures AWS itself passes its aws.Config to New. Here
// the config points at the kumo emulator; a real program would use
// config.LoadDefaultConfig, or simply import this package blank and call
// secretref.Get.
func ExampleNew() {
	srv := kumo.NewServer()
	defer srv.Close()
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("ASIAEXAMPLEEXAMPLE00", "example", ""),
		BaseEndpoint: aws.String(srv.URL),
	}
	name := randomName("example/billing/db") // kumo keeps its data per process
	_, err := secretsmanager.NewFromConfig(cfg).CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{
		Name:         aws.String(name),
		SecretString: aws.String(`{"password":"example-only-value"}`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{
		awssecrets.Scheme: awssecrets.New(cfg),
	}})
	pw, err := r.Get(context.Background(), "ref+awssecrets://"+name+"#/password")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("sha256 %x\n", sha256.Sum256([]byte(pw)))
	_, err = r.Get(context.Background(), "ref+awssecrets://example/billing/missing#/password")
	fmt.Println(errors.Is(err, secretref.ErrNotFound))
	// Output:
	// sha256 2863dfd03a13bd0f64d8ddf3131474dc8c1cae0aae7d44322299b3d1f42fa0d3
	// true
}
