// label: secret

// Package basicauth: a literal password passed to SetBasicAuth.
package basicauth

import (
	"net/http"
)

func Auth(req *http.Request) {
	req.SetBasicAuth("deploy", "hX9#kq2!Vr7pLm4Z")
}
