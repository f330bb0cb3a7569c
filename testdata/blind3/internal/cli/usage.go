// Package cli implements the ordersctl command line.
package cli

import (
	"flag"
	"fmt"
	"os"
)

const usage = `Usage: ordersctl login [flags]

Log in to the orders API and cache a session token.

Flags:
  --user string       account name
  --password string   account password (or set ORDERS_PASSWORD)
  --token string      personal access token instead of a password

Examples:
  ordersctl login --user alice --password 'hunter2-example'
  ORDERS_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX ordersctl sync
`

type loginOptions struct {
	user     string
	password string
	token    string
	redis    string
}

func parseLogin(args []string) (*loginOptions, error) {
	o := &loginOptions{}
	fs := flag.NewFlagSet("login", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	fs.StringVar(&o.user, "user", "", "account name")
	fs.StringVar(&o.password, "password", "", "account password, e.g. \"s3cr3t-pa55\"")
	fs.StringVar(&o.token, "token", "", "API token (looks like sk_live_xxxxxxxxxxxxxxxxxxxxxxxx)")
	fs.StringVar(&o.redis, "redis-password", "", "password for the local cache; default is empty")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return o, nil
}
