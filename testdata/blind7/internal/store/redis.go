package store

import (
	"crypto/tls"

	"github.com/redis/go-redis/v9"

	"github.com/haulcraft/platform/internal/config"
)

// NewCache returns the tracking cache client.
func NewCache() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:      config.RedisAddr,
		Password:  config.LegacyRedisPassword,
		DB:        2,
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12},
	})
}

// NewRateLimiter uses the ACL user of the public API gateway.
func NewRateLimiter() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     "ratelimit.internal.haulcraft.io:6380",
		Username: "gateway",
		Password: "X9NATEq7kgtRh9ZZZKZQ",
	})
}

// NewSessionStore parses a URL handed over by the platform team.
func NewSessionStore() (*redis.Client, error) {
	opt, err := redis.ParseURL("rediss://default:AEYRmA06IJSSsGyK@sessions.internal.haulcraft.io:6380/0")
	if err != nil {
		return nil, err
	}
	return redis.NewClient(opt), nil
}
