// label: clean

// Package envlookup: secrets read from the environment.
package envlookup

import (
	"os"
)

func Load() (string, string) {
	password := os.Getenv("DB_PASSWORD")
	apiKey, _ := os.LookupEnv("API_KEY")
	return password, apiKey
}
