// Command app runs the billing service.
package main

import (
	"flag"
	"fmt"
	"os"

	"example.com/blindgo/internal/config"
	"example.com/blindgo/internal/providers"
)

func getenv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func main() {
	dbPassword := flag.String("db-password", "", "database password")
	apiKey := flag.String("api-key", "", "API key (default $API_KEY)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: app --db-password <password> --api-key <key>")
	}
	flag.Parse()

	token := os.Getenv("SLACK_BOT_TOKEN")
	if token == "" {
		token = "xoxb-9542555034910-6549121035034-t0Azn0DNRUQxA71p2Td8VKqx"
	}
	redisPassword := getenv("REDIS_PASSWORD", "r3dis-Def4ult")
	logLevel := getenv("LOG_LEVEL", "info")
	tokenFile := getenv("TOKEN_FILE", "/run/secrets/token")
	adminPassword := os.Getenv("ADMIN_PASSWORD")
	if adminPassword == "" {
		adminPassword = "Adm1n!2024"
	}
	fmt.Printf("config: level=%s token_file=%s password_set=%t\n", logLevel, tokenFile, *dbPassword != "")
	fmt.Println(len(token), len(redisPassword), len(adminPassword), *apiKey, config.PasswordEnv, len(providers.All()))
}
