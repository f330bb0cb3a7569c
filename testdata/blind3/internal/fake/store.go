// Package fake provides in-memory fakes for the storage layer.
package fake

import (
	"github.com/go-sql-driver/mysql"
)

type Credentials struct {
	User     string
	Password string
}

var DefaultCredentials = Credentials{User: "fake-user", Password: "fake-password"}

// MySQLConfig returns a config that points at nothing; used to test DSN formatting.
func MySQLConfig() *mysql.Config {
	return &mysql.Config{User: "root", Passwd: "SECRET", Net: "tcp", Addr: "fake:3306"}
}

type TokenSource struct{ Token string }

func NewTokenSource() *TokenSource {
	return &TokenSource{Token: "fake-token"}
}
