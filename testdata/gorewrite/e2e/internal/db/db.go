// Package db holds a database password in a constant.
package db

import "fmt"

const dbPassword = "Zq8vR3kLm9Tx2WpN7sYb"

// DSN returns the connection string.
func DSN(host string) string {
	return fmt.Sprintf("postgres://app:%s@%s/app", dbPassword, host)
}

// Password returns the password, for the hash check.
func Password() string { return dbPassword }
