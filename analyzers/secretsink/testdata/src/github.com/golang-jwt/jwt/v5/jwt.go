// Package jwt is a stub for tests.
package jwt

type Token struct{}

func New() *Token { return &Token{} }

func (t *Token) SignedString(key interface{}) (string, error) { return "", nil }

// Keyfunc returns the key that verifies a token.
type Keyfunc func(*Token) (interface{}, error)

func Parse(tokenString string, keyFunc Keyfunc) (*Token, error) { return nil, nil }
