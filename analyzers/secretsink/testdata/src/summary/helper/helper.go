// Package helper has functions whose parameters reach credential sinks: // want package:"hasParamSinks"
// each gets a ParamSinks fact that importers use.
package helper

import "net/http"

func WithBasicAuth(req *http.Request, user, pass string) *http.Request { // want WithBasicAuth:`paramSinks\(2:pass reaches \(\*net/http.Request\).SetBasicAuth\)`
	req.SetBasicAuth(user, pass)
	return req
}

// Wrap passes its parameter on to WithBasicAuth: a wrapper is summarised too.
func Wrap(req *http.Request, secret string) *http.Request { // want Wrap:`paramSinks\(1:secret reaches \(\*net/http.Request\).SetBasicAuth\)`
	return WithBasicAuth(req, "ci-bot", secret)
}

// Bearer puts its token into an Authorization header.
func Bearer(req *http.Request, token string) { // want Bearer:`paramSinks\(1:token reaches`
	req.Header.Set("Authorization", "Bearer "+token)
}

// Label reaches no sink: no fact.
func Label(req *http.Request, name string) {
	req.Header.Set("X-Label", name)
}

func local(req *http.Request) {
	WithBasicAuth(req, "ci-bot", "111b6e5da6fcaffc8b5f29f39c98cd50b1") // want `literal credential passed to summary/helper.WithBasicAuth as pass, which reaches \(\*net/http.Request\).SetBasicAuth \(credential-sink\)`
}

// RegistryFallback is used when no registry is configured: its name says
// nothing, so it is reported where another package passes it to a sink.
const RegistryFallback = "Fb7qLx2Wp!r9"

// DeployPassword is reported where it is declared (secretliteral): its
// uses are no new finding.
const DeployPassword = "Dq8!vLm2-Kx7w"

// LogPrefix only reaches a log line.
const LogPrefix = "Kx9!mQ2v-Lp4z"

// Upstream returns the upstream login's password: nothing in its name says
// so, and this package does not use it, so it is reported where another
// package passes the result to a sink.
func Upstream() string { return "Hq7Vz3Nn5Ke2Rt9Lp1Wd" } // want Upstream:`resultLiterals\(0 at helper.go:\d+ credential\)`

// Mirror returns a user name and a password.
func Mirror() (user string, p string) { return "mirror", "Tz4!kWq8-Lm3v" } // want Mirror:`resultLiterals\(0 at helper.go:\d+ credential, 1 at helper.go:\d+ credential\)`

// APIToken is reported here, by its name: no fact.
func APIToken() string { return "Jd6Ts1Qw8Ny3Kf5Rz2Lh" }

// Motd is no credential.
func Motd() string { return "Welcome aboard" }
