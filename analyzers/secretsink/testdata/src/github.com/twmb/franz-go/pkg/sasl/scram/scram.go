// Package scram is a stub of franz-go's SASL/SCRAM mechanism.
package scram

type Auth struct {
	User string
	Pass string
}
