package db

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
)

const PasswordEnvVar = "DB_PASSWORD"

const passwordMinLength = 12

const dbPassword = "Summer2024!"

var ErrBadPassword = errors.New("password must be at least 12 characters")

const updatePasswordSQL = "UPDATE users SET password_hash = $1 WHERE id = $2"

// Open connects to the orders database.
func Open() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://orders:Xk9mQ2vL7pRw@db.internal:5432/orders?sslmode=require")
}

func OpenFromEnv() (*sql.DB, error) {
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func OpenMySQL() (*sql.DB, error) {
	return sql.Open("mysql", "shop:Sh0pDb#2023@tcp(mysql.prod.svc:3306)/shop?parseTime=true")
}

func OpenHost(host, user string) (*sql.DB, error) {
	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=app", host, user, os.Getenv(PasswordEnvVar))
	return sql.Open("postgres", dsn)
}

func Bootstrap() {
	os.Setenv("DB_PASSWORD", "hunter2")
	os.Setenv("DB_PASSWORD_FILE", "/run/secrets/db_password")
}

func CheckAdmin(pw string) bool {
	if len(pw) < passwordMinLength {
		return false
	}
	return pw == dbPassword
}

func ResetQuery() string { return updatePasswordSQL }
