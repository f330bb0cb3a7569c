// Command app prints the SHA-256 of each secret it uses, never the value.
package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"

	"example.com/e2eapp/api"
	"example.com/e2eapp/billing"
	"example.com/e2eapp/internal/db"
)

var stripeKey = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc0123456789"

func main() {
	ctx := context.Background()
	req, err := api.Request(ctx, "http://127.0.0.1/")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	token := strings.TrimPrefix(req.Header.Get("Authorization"), "token ")
	breq, err := billing.Request(ctx, "http://127.0.0.1/")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bearer := strings.TrimPrefix(breq.Header.Get("Authorization"), "Bearer ")
	areq, err := billing.AdminRequest(ctx, "http://127.0.0.1/")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, basic, _ := areq.BasicAuth()
	for _, kv := range [][2]string{
		{"db", db.Password()}, {"api", token}, {"stripe", stripeKey},
		{"signing", billing.SigningKey()}, {"bearer", bearer}, {"basic", basic}, {"billingdb", billing.Config().Password},
	} {
		fmt.Printf("%s=%x\n", kv[0], sha256.Sum256([]byte(kv[1])))
	}
}
