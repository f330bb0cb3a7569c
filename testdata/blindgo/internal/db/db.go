// Package db opens the service's databases.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"example.com/blindgo/internal/config"
)

// Queries touching the password column.
const (
	passwordColumnQuery = "SELECT id, password_hash FROM users WHERE email = $1"
	updatePasswordQuery = "UPDATE users SET password_hash = $1 WHERE id = $2"
	tokenTable          = "api_tokens"
)

// OpenPostgres opens the billing database.
func OpenPostgres() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://billing:Pg_s3cure_2024@db.internal:5432/billing?sslmode=require")
}

// OpenMySQL opens the shop database with a go-sql-driver DSN.
func OpenMySQL() (*sql.DB, error) {
	return sql.Open("mysql", "shop:Myp4ss-word@tcp(10.0.0.5:3306)/shop?parseTime=true")
}

// OpenNoCreds opens a database that uses peer authentication.
func OpenNoCreds() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://db.internal:5432/billing?sslmode=disable")
}

// OpenFromEnv opens the database named by DATABASE_URL.
func OpenFromEnv() (*sql.DB, error) {
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

// OpenOrders builds a key/value DSN with Sprintf.
func OpenOrders() (*sql.DB, error) {
	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=orders", "db.internal", "orders", "Ord3rs!Pass")
	return sql.Open("postgres", dsn)
}

// OpenShared uses the shared constants of the config package.
func OpenShared() (*sql.DB, error) {
	dsn := fmt.Sprintf("postgres://%s:%s@%s/app", config.DBUser, config.DBPassword, config.DBHost)
	return sql.Open("pgx", dsn)
}

// OpenEnvSprintf formats a DSN from the environment.
func OpenEnvSprintf() (*sql.DB, error) {
	dsn := fmt.Sprintf("postgres://%s:%s@%s/app", os.Getenv("PGUSER"), os.Getenv("PGPASSWORD"), "db.internal")
	return sql.Open("pgx", dsn)
}

// ConnectReports connects to the reporting replica.
func ConnectReports(ctx context.Context) (*pgx.Conn, error) {
	return pgx.Connect(ctx, "postgres://report:R3p0rt-Rd-Only@replica.internal:5432/reports")
}

// ConnectAnalytics connects with a key/value connection string.
func ConnectAnalytics(ctx context.Context) (*pgx.Conn, error) {
	connStr := "host=localhost user=analytics password=An4lyt1cs_Pw dbname=events"
	return pgx.Connect(ctx, connStr)
}

// InventoryDSN builds the inventory DSN with mysql.Config.
func InventoryDSN() string {
	cfg := mysql.Config{
		User:   "inventory",
		Passwd: "inv3nt0ry#DB",
		Net:    "tcp",
		Addr:   "mysql.internal:3306",
		DBName: "inventory",
	}
	return cfg.FormatDSN()
}

// ETLConfig builds the ETL loader config.
func ETLConfig() *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.User = "etl"
	cfg.Passwd = "etlLoader77"
	cfg.Addr = "mysql.internal:3306"
	return cfg
}

// EnvConfig reads the password from the environment.
func EnvConfig() *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.Passwd = os.Getenv("MYSQL_PASSWORD")
	return cfg
}

// Cache returns the cache client.
func Cache() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     "cache.internal:6379",
		Password: "r3d1s-C4che-Pw",
		DB:       0,
	})
}

// LocalCache returns a client for a local redis without auth.
func LocalCache() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: ""})
}

// SessionsCache parses a redis URL.
func SessionsCache() (*redis.Options, error) {
	return redis.ParseURL("redis://:q7Tz1x9LmWp3@sessions.internal:6379/0")
}

// Queries returns the queries for the migration tool.
func Queries() []string {
	return []string{passwordColumnQuery, updatePasswordQuery, tokenTable}
}
