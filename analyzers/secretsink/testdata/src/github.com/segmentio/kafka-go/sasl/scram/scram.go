// Package scram is a stub of kafka-go's SASL/SCRAM mechanism.
package scram

type Algorithm int

const SHA512 Algorithm = 2

type Mechanism2 struct{}

func Mechanism(algo Algorithm, username, password string) (*Mechanism2, error) { return nil, nil }
