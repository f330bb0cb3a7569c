// Command secretlint finds hardcoded secrets in Go code, YAML, dbt profiles
// and any text file, and moves them into AWS Secrets Manager or Vault.
// See doc.go for usage and exit codes.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/secretlint-go/secretlint/rules"
)

func main() {
	rules.SilenceGitleaks()
	// go vet -vettool=$(which secretlint): unitchecker's protocol, handled
	// before anything touches flag.CommandLine (unitchecker parses it).
	if vetInvocation(os.Args[1:]) {
		vetMain(os.Args[1:])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}
