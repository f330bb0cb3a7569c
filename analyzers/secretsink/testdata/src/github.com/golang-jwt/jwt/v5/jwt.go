// Package jwt is a stub for tests.
package jwt

type Token struct{}

func New() *Token { return &Token{} }

func (t *Token) SignedString(key interface{}) (string, error) { return "", nil }
