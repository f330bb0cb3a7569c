// label: clean

// Package reassignedvar: a variable assigned twice before the sink: not one literal.
package reassignedvar

import (
	"net/http"
)

func Auth(req *http.Request, prod bool, pw string) {
	v := pw
	if prod {
		v = pw + "-prod"
	}
	req.SetBasicAuth("deploy", v)
}
