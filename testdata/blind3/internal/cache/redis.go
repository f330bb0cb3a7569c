// Package cache provides Redis clients.
package cache

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// New returns a client for addr authenticated with pw.
func New(addr, pw string) *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:         addr,
		Password:     pw,
		DB:           0,
		DialTimeout:  3 * time.Second,
		ReadTimeout:  2 * time.Second,
		WriteTimeout: 2 * time.Second,
	})
}

// NewSessionStore returns the client for the session cluster.
func NewSessionStore() *redis.Client {
	return New("sessions.redis.internal:6379", "4zoTOPhWJ7fginPJqGtUt9XC")
}

// NewQueue connects to the job queue; auth is disabled inside the VPC.
func NewQueue() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "queue.redis.internal:6379", Password: "Quokka%Lantern42"})
}

// NewTestClient is used by integration tests against a local container.
func NewTestClient() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: "SECRET"})
}
