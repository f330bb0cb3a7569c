// label: secret

// Package basicauthlocal: a literal in a local variable reaching SetBasicAuth.
package basicauthlocal

import (
	"net/http"
)

func Auth(req *http.Request) {
	p := "Zq9vLm2kXw7pR4"
	req.SetBasicAuth("deploy", p)
}
