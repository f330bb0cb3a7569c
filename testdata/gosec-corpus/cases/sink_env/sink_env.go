// label: clean

// Package sinkenv: credentials read from the environment at the sink.
package sinkenv

import (
	"net/http"
	"os"
)

func Auth(req *http.Request) {
	req.SetBasicAuth("deploy", os.Getenv("DEPLOY_PASSWORD"))
	os.Setenv("LOG_LEVEL", "debug")
}
