// label: secret

// Package headerbearer: a literal bearer token set on the Authorization header.
package headerbearer

import (
	"net/http"
)

func Auth(req *http.Request) {
	req.Header.Set("Authorization", "Bearer 4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90")
}
