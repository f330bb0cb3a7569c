package secretref_test

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/secretlint-go/secretlint/secretref"
)

// A program reads a secret by reference. Here the store is a Static
// backend; a real program imports secretref/awssecrets or secretref/vault
// (or secretref/all) and uses the package-level Get.
func ExampleResolver_Get() {
	r := secretref.New(secretref.Options{Backends: map[string]secretref.Backend{
		"awssecrets": secretref.Static{"prod/billing/db": {"password": "example-only-value"}},
	}})
	pw, err := r.Get(context.Background(), "ref+awssecrets://prod/billing/db#/password")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("read %d bytes, sha256 %x\n", len(pw), sha256.Sum256([]byte(pw)))

	// Errors name the reference, never a value.
	_, err = r.Get(context.Background(), "ref+awssecrets://prod/billing/db#/user")
	fmt.Println(err)
	// Output:
	// read 18 bytes, sha256 2863dfd03a13bd0f64d8ddf3131474dc8c1cae0aae7d44322299b3d1f42fa0d3
	// secretref: select key ref+awssecrets://prod/billing/db#/user: no key "user": key not found in secret
}

// In a program's tests, replace the default resolver so that the code
// under test, which calls secretref.Get or MustGet, reads fixed values.
func ExampleSetDefault() {
	secretref.SetDefault(secretref.New(secretref.Options{Backends: map[string]secretref.Backend{
		"vault": secretref.Static{"secret/app/api": {"token": "test-token"}},
	}}))
	fmt.Println(secretref.MustGet("ref+vault://secret/app/api#/token") == "test-token")
	// Output: true
}
