// label: clean

// Package sinkparameter: credentials passed through from parameters.
package sinkparameter

import (
	"net/http"
)

func Auth(req *http.Request, user, pw, token string) {
	req.SetBasicAuth(user, pw)
	req.Header.Set("Authorization", "Bearer "+token)
}
