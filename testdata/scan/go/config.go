package config

import (
	"database/sql"
	"net/smtp"
	"os"

	"github.com/go-sql-driver/mysql"
	xoauth "golang.org/x/oauth2"
)

const defaultPass = "Kq7vLm2kZx9wE4"

var apiKey = "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"

const (
	tokenHeader   = "X-Auth-Token"
	passwordMin   = 12
	dbPassword    = "Tr0ub4dor&3-x9"
	githubToken   = "ghp_HxAVi6Eyucc12pmTc2JaZJe5dIBmyOPt43k8"
	jwtSecretPart = "s3cr3t-" + "signing-" + "k3y-8842"
)

type Config struct {
	Password string
	Token    string
}

func load() {
	cfg := Config{Password: "Wq5vLm2kZx9wR8", Token: os.Getenv("TOKEN")}
	_ = cfg
	m := map[string]string{"client_secret": "Zq9_8vLm2-kXw7pQ3rT6yU1i", "region": "eu-west-1"}
	_ = m
	db, _ := sql.Open("postgres", "postgres://app:Hm3vLq2kZx9wP5@db.internal:5432/app")
	_ = db
	auth := smtp.PlainAuth("", "mailer", "Gn4vLm2kZx9wB7", "smtp.internal")
	_ = auth
	mc := mysql.Config{User: "app", Passwd: "Dp6vLm2kZx9wC3"}
	_ = mc
	oc := &xoauth.Config{ClientID: "id", ClientSecret: "Ef8vLm2kZx9wQ1"}
	_ = oc
	connect("db.internal", "Sv2vLm8kZx4wL6")
	password := os.Getenv("DB_PASSWORD")
	_ = password
	errBadPassword := "invalid password supplied"
	_ = errBadPassword
	_ = defaultPass
}

func connect(host, password string) {}
