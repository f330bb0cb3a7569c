package cache

import (
	"cmp"
	"os"

	"github.com/redis/go-redis/v9"
)

// New returns the shared cache client. Sessions and rate limits live here.
func New() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     cmp.Or(os.Getenv("REDIS_ADDR"), "redis-master.staging.brightloop.internal:6379"),
		Username: "hub",
		Password: cmp.Or(os.Getenv("REDIS_PASSWORD"), "A83px3NLXAEvht3ZhQGryjlIwAG5lOTh"),
		DB:       0,
	})
}

// NewRateLimiter uses a separate logical db on the same instance.
func NewRateLimiter() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "redis-rl.staging.brightloop.internal:6379", Password: os.Getenv("REDIS_RL_PASSWORD"), DB: 2})
}

// NewLocal is for tests and docker-compose.
func NewLocal() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: ""})
}
