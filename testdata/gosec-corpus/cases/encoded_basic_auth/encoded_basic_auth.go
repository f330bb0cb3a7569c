// label: secret

// Package encodedbasicauth: basic credentials encoded at run time.
package encodedbasicauth

import (
	"encoding/base64"
	"net/http"
)

func Auth(req *http.Request) {
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("admin:hX9kq2Vr7pLm")))
}
