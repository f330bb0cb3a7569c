// label: secret

// Package mysqlconfig: a literal mysql.Config.Passwd.
package mysqlconfig

import (
	"github.com/go-sql-driver/mysql"
)

func Config() *mysql.Config {
	c := &mysql.Config{User: "app", Addr: "db.internal:3306"}
	c.Passwd = "pW9xK2mQ7v#aZ"
	return c
}
