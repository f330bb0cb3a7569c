// Package jwt is a stub for the corpus.
package jwt

type Token struct{}

func New() *Token { return &Token{} }

func (t *Token) SignedString(key interface{}) (string, error) { return "", nil }
