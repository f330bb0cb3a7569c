// label: clean

// Package headernames: header names and non-secret headers.
package headernames

import (
	"net/http"
)

const bearerPrefix = "Bearer "

func Headers(req *http.Request) {
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", "3f8a1c2e-9b7d-4e6f-a1b2-c3d4e5f6a7b8")
}
