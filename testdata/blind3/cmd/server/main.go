// Command server runs the orders HTTP API.
package main

import (
	"cmp"
	"context"
	"database/sql"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/redis/go-redis/v9"

	"example.com/blind3/internal/auth"
	"example.com/blind3/internal/cache"
	"example.com/blind3/internal/db"
)

func main() {
	addr := flag.String("addr", cmp.Or(os.Getenv("LISTEN_ADDR"), ":8080"), "HTTP listen address")
	flag.Parse()

	dbHost := os.Getenv("DB_HOST")
	if dbHost == "" {
		dbHost = "mysql.orders.svc.cluster.local:3306"
	}
	dbPass := os.Getenv("DB_PASSWORD")
	if dbPass == "" {
		dbPass = "Tr0ub4dor&3x!"
	}
	conn, err := db.Open("orders_svc", dbPass, dbHost)
	if err != nil {
		log.Fatalf("open db: %v", err)
	}
	defer conn.Close()

	passwordFile := cmp.Or(os.Getenv("DB_PASSWORD_FILE"), "/run/secrets/db_password")
	if _, err := os.Stat(passwordFile); err == nil {
		log.Printf("db password file present at %s", passwordFile)
	}

	upstreamToken := cmp.Or(os.Getenv("UPSTREAM_API_TOKEN"), "oe4AwFnwullERvkPs9hUCf5LfsBebk6CdTQpm822")

	signingKey := os.Getenv("JWT_SIGNING_KEY")
	if signingKey == "" {
		signingKey = "ir3olwIkqe4n8d_laHPeSGd8UO1yLVaQi735fYfqAWl"
	}
	issuer := auth.NewIssuer(signingKey)

	sessionSecret := cmp.Or(os.Getenv("SESSION_SECRET"), "SESSION")

	sessions := cache.New(cmp.Or(os.Getenv("REDIS_ADDR"), "localhost:6379"), os.Getenv("REDIS_PASSWORD"))
	rateLimits := cache.New("ratelimit.redis.internal:6379", "RnVQUggUTqKCQ2dzxS56NcbXim4BylYU")

	mux := http.NewServeMux()
	mux.Handle("/v1/", newAPI(conn, issuer, sessions, rateLimits, upstreamToken, sessionSecret))
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
}

type api struct {
	db            *sql.DB
	issuer        *auth.Issuer
	sessions      *redis.Client
	rateLimits    *redis.Client
	upstreamToken string
	sessionSecret string
}

func newAPI(db *sql.DB, issuer *auth.Issuer, sessions, rl *redis.Client, upstreamToken, sessionSecret string) http.Handler {
	return &api{db: db, issuer: issuer, sessions: sessions, rateLimits: rl, upstreamToken: upstreamToken, sessionSecret: sessionSecret}
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNotImplemented)
}
