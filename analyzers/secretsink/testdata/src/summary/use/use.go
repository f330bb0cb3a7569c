// Package use calls package helper's functions with literals: the facts
// of helper say which arguments reach a sink.
package use

import (
	"crypto/hmac"
	"crypto/sha256"
	"log"
	"net/http"
	"os"

	"summary/helper"
)

func calls(req *http.Request) {
	helper.WithBasicAuth(req, "ci-bot", "Gr4phite#Owl19")                  // want `literal credential passed to summary/helper.WithBasicAuth as pass`
	helper.Wrap(req, "RnVQUggUTqKCQ2dzxS56NcbXim4BylYU")                   // want `passed to summary/helper.Wrap as secret`
	helper.Bearer(req, "hG7kP2qW9zX4mN8vB3cR6tY1")                         // want `passed to summary/helper.Bearer as token`
	helper.WithBasicAuth(req, "Gr4phite#Owl19-user", os.Getenv("CI_PASS")) // the user is no credential; the password is read at run time
	helper.Label(req, "RnVQUggUTqKCQ2dzxS56NcbXim4BylYU")
	helper.WithBasicAuth(req, "ci-bot", "SECRET") // an all-caps placeholder
}

// Constants of another package: reported at the use when their
// declaration is not reported.
func consts(req *http.Request) {
	req.SetBasicAuth("registry", helper.RegistryFallback) // want `^literal password reaches \(\*net/http.Request\).SetBasicAuth via helper.RegistryFallback \(declared at helper.go:\d+\) \(credential-sink\)$`
	req.SetBasicAuth("deploy", helper.DeployPassword)     // declared under a secret name: reported there
	log.Println(helper.LogPrefix)                         // not a sink
}

// Results of another package's functions: reported at the call.
func results(req *http.Request) {
	req.SetBasicAuth("up", helper.Upstream()) // want `^literal password returned by summary/helper.Upstream \(helper.go:\d+\) reaches \(\*net/http.Request\).SetBasicAuth \(credential-sink\)$`
	u, p := helper.Mirror()                   // want `literal password returned by summary/helper.Mirror`
	req.SetBasicAuth(u, p)
	req.SetBasicAuth("api", helper.APIToken()) // reported where it is written
	req.Header.Set("X-Motd", helper.Motd())
	_ = hmac.New(sha256.New, []byte(helper.Upstream())) // want `returned by summary/helper.Upstream \(helper.go:\d+\) reaches crypto/hmac.New \(jwt-signing-key\)`
}
