// label: secret

// Package sprintfdsn: a literal password formatted into a DSN.
package sprintfdsn

import (
	"fmt"
)

func DSN(host string) string {
	return fmt.Sprintf("postgres://%s:%s@%s/app", "app", "hX9kq2Vr7pLm", host)
}
