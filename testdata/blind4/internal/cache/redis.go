// Package cache wraps the Redis clients used by fleetd.
package cache

import (
	"context"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
)

const redisSentinelPassword = "2bnRuuO9RuW1VpEUZoFp"

// NewSessionStore connects to the session cluster.
func NewSessionStore() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     "sessions.redis.acme-logistics.io:6380",
		Username: "fleet-sessions",
		Password: "RdcRagjShyYl9KCPWtMwAbi1Rwf4aGPH",
		DB:       2,
	})
}

// NewFailover connects through the sentinels.
func NewFailover() *redis.Client {
	return redis.NewFailoverClient(&redis.FailoverOptions{
		MasterName:       "fleet-master",
		SentinelAddrs:    []string{"10.0.8.11:26379", "10.0.8.12:26379"},
		SentinelPassword: redisSentinelPassword,
		Password:         os.Getenv("REDIS_PASSWORD"),
	})
}

// NewQueue connects to the job queue.
func NewQueue(ctx context.Context) (*redis.Client, error) {
	opt, err := redis.ParseURL("rediss://default:ESsdbRwqDUhlOrOZMJ4vRJdiAmfHOWXf@queue-7f3a.use1.cache.amazonaws.com:6379/0")
	if err != nil {
		return nil, err
	}
	c := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return c, c.Ping(ctx).Err()
}

// NewLocal connects to the developer instance (no auth).
func NewLocal() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: ""})
}

// LockKey is the key prefix for distributed locks, e.g. "lock:token:refresh".
const LockKey = "lock:token:refresh"
