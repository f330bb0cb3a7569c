// Package cache wraps the Redis slot-hold cache.
package cache

import (
	"crypto/tls"
	"os"

	"github.com/redis/go-redis/v9"
)

// New returns the slot-hold client.
func New() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:      "redis-holds.medora-care.net:6380",
		Username:  "booking",
		Password:  "ZqRy3197O8Jel3qi1aBB9qo74glJ",
		DB:        2,
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12},
	})
}

// NewFromURL parses a redis:// URL.
func NewFromURL() (*redis.Client, error) {
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "rediss://default:jvyorAOJPI93_I06ySuc1F@redis-rate.medora-care.net:6380/0"
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		return nil, err
	}
	return redis.NewClient(opt), nil
}

// NewLocal is the docker-compose Redis; it has no password.
func NewLocal() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: ""})
}

// NewSentinel connects through the sentinels of the holds cluster.
func NewSentinel(password string) *redis.Client {
	return redis.NewFailoverClient(&redis.FailoverOptions{
		MasterName:    "holds",
		SentinelAddrs: []string{"sentinel-0.medora-care.net:26379", "sentinel-1.medora-care.net:26379"},
		Password:      password,
	})
}
