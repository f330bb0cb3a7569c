package a

import (
	"cmp"
	"os"
)

// Fallback literals assigned when an environment lookup comes back empty
// stand for the variable they replace.

func apiKeyFromEnv() string {
	k := os.Getenv("API_KEY")
	if k == "" {
		k = "Zq8vT3mLr9XwB2nK7pQ4sY6d" // want `^hardcoded credential in string literal given as the fallback of API_KEY \(hardcoded-credential\)$`
	}
	return k
}

func dbPasswordFromEnv() string {
	v, ok := os.LookupEnv("DB_PASSWORD")
	if !ok {
		v = "Tr0ub4dor&3-horse" // want `given as the fallback of DB_PASSWORD`
	}
	return v
}

var svc = cmp.Or(os.Getenv("SVC_TOKEN"), "hG7kP2qW9zX4mN8vB3cR6tY1") // want `given as the fallback of SVC_TOKEN`

func dbHostFromEnv() string {
	h := os.Getenv("DB_HOST")
	if h == "" {
		h = "db-7f3k2.internal"
	}
	return h
}

var logLevel = cmp.Or(os.Getenv("LOG_LEVEL"), "Zq8vT3mLr9XwB2nK7pQ4sY6d")
