package awssecrets_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/secretlint-go/secretlint/secretref"
	"github.com/secretlint-go/secretlint/secretref/awssecrets"
)

// A program that configures AWS itself passes its aws.Config to New and
// installs the Resolver; a program that does not imports this package
// blank and calls secretref.Get. (TestFetchFromKumo runs such calls
// against the kumo emulator.)
func ExampleNew() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("eu-west-1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{
		awssecrets.Scheme: awssecrets.New(cfg),
	}})
	secretref.SetDefault(r)
	pw, err := secretref.Get(ctx, "ref+awssecrets://prod/billing/db#/password")
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = pw
}
