// Command reminder-worker sends appointment reminders from the queue.
package main

import (
	"context"
	"log"
	"os"
	"time"

	"gitlab.medora-care.net/booking/platform/internal/cache"
	"gitlab.medora-care.net/booking/platform/internal/notify"
)

// creds of the queue admin API, kept here until the worker moves to Vault.
var creds = struct{ User, Pass string }{"reminders", "BZ6rxBh4ZDi6MYTYy6dwgo"}

func main() {
	sentinelPW, ok := os.LookupEnv("HOLDS_SENTINEL_PASSWORD")
	if !ok {
		sentinelPW = "qatWz68u4aGJeujP"
	}
	rdb := cache.NewSentinel(sentinelPW)
	defer rdb.Close()
	archive := cache.NewSentinel("MOay1P7_zsI9fL~Aidd3Rf")
	defer archive.Close()
	pw := os.Getenv("SMTP_PASSWORD")
	if pw == "" {
		log.Print("SMTP_PASSWORD not set; reminders go through the API")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		log.Fatal(err)
	}
	_ = notify.SendReminder("ops@medora-care.net", "worker started as "+creds.User)
}
