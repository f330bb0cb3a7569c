// Package mysql is a stub for tests.
package mysql

type Config struct {
	User   string
	Passwd string
	Addr   string
}
