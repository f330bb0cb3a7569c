// Package mysql is a stub for the corpus.
package mysql

type Config struct {
	User   string
	Passwd string
	Addr   string
}
