// Package redis is a stub of go-redis: Client's Do comes from an
// embedded cmdable, as in the real package.
package redis

import "context"

type Cmd struct{}

type cmdable func(ctx context.Context, cmd *Cmd) error

func (c cmdable) Do(ctx context.Context, args ...interface{}) *Cmd { return nil }

type Client struct {
	cmdable
}
