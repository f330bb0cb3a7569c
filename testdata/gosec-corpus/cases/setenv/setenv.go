// label: secret

// Package setenv: a literal set as a secret environment variable.
package setenv

import (
	"os"
)

func Init() {
	os.Setenv("DB_PASSWORD", "hX9kq2Vr7pLm")
}
