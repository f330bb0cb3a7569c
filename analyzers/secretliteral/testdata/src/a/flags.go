package a

import (
	"bytes"
	"crypto/hmac"
	"crypto/subtle"
	"flag"
	"net/http"
	"os"
	"strings"

	"github.com/alecthomas/kingpin/v2"
	"github.com/spf13/pflag"
)

// Flag defaults: the value a program runs with when the flag is not given.

var (
	flagToken  = flag.String("upstream-token", "Vq3Lz8Rk2Tw9Xn5Mb7Pc", "token of the upstream API") // want `given as the default of flag upstream-token \(hardcoded-credential\)`
	flagListen = flag.String("listen", "Vq3Lz8Rk2Tw9Xn5Mb7Pc", "listen address")
	flagPwFile = flag.String("password-file", "/run/secrets/db", "file holding the password")
	flagEmpty  = flag.String("db-password", "", "database password")
	flagPlace  = flag.String("api-key", "changeme", "API key")
	fs         = flag.NewFlagSet("x", flag.ContinueOnError)
	pfs        = &pflag.FlagSet{}
	dbPassFlag string
)

func init() {
	fs.StringVar(&dbPassFlag, "db-pass", "Hn4Wc7Kq2Zr9Lt5Vx8Bm", "database password")      // want `given as the default of flag db-pass \(hardcoded-credential\)`
	pfs.StringVarP(&dbPassFlag, "admin-password", "p", "Jd6Ts1Qw8Ny3Kf5Rz2Lh", "password") // want `given as the default of flag admin-password \(hardcoded-credential\)`
	pfs.StringP("signing-secret", "s", "Ge5Ru8Kp2Xm7Wt3Qz9Hc", "")                         // want `given as the default of flag signing-secret \(hardcoded-credential\)`
	pfs.StringVarP(&dbPassFlag, "region", "r", "Jd6Ts1Qw8Ny3Kf5Rz2Lh", "region")
	pflag.StringP("client-secret", "c", "${CLIENT_SECRET}", "")
	kingpin.Flag("smtp-password", "SMTP password").Envar("SMTP_PASSWORD").Default("Bw2Ny7Lq4Ts9Kc1Vz6Rm").String() // want `given as the default of flag smtp-password \(hardcoded-credential\)`
	kingpin.Flag("smtp-host", "SMTP host").Default("Bw2Ny7Lq4Ts9Kc1Vz6Rm").String()
}

// Comparisons with a credential read from a request or the environment.

func adminHandler(w http.ResponseWriter, r *http.Request) {
	if _, p, _ := r.BasicAuth(); p != "Fk8Wz3Nq6Tb1Lx9Rv4Hm" { // want `compared with p \(hardcoded-credential\)`
		return
	}
	u, _, _ := r.BasicAuth()
	if u != "Fk8Wz3Nq6Tb1Lx9Rv4Hm" { // the user name is no credential
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Api-Key")), []byte("Mz5Kr9Wq2Tn7Lc4Xb8Pd")) != 1 { // want `compared with \[\]byte\(r.Header.Get\("X-Api-Key"\)\) \(hardcoded-credential\)`
		return
	}
	auth := r.Header.Get("Authorization")
	if strings.EqualFold(auth, "Bearer Qp7Nx2Lz9Kt4Wr6Hc1Vb") { // want `compared with auth \(hardcoded-credential\)`
		return
	}
	if hmac.Equal([]byte(os.Getenv("WEBHOOK_SECRET")), []byte("Tc3Vn8Rq1Kz6Wm4Lx9Hb")) { // want `compared with \[\]byte\(os.Getenv\("WEBHOOK_SECRET"\)\) \(hardcoded-credential\)`
		return
	}
	if r.Header.Get("Accept") == "Tc3Vn8Rq1Kz6Wm4Lx9Hb" || bytes.Equal([]byte(r.URL.Path), []byte("Tc3Vn8Rq1Kz6Wm4Lx9Hb")) {
		return
	}
	if r.FormValue("password") == "" || r.Header.Get("Authorization") == "Bearer" {
		return
	}
	_ = []any{flagToken, flagListen, flagPwFile, flagEmpty, flagPlace}
}

// A fallback stored through the pointer a flag returns is named by the
// pointer: *token = "…".
func starFallback() {
	token := flag.String("token", "", "API token")
	if *token == "" {
		*token = "Pq7Xm2Kv9Rt4Wz8Ln3Bc6Hd" // want `hardcoded credential in string literal assigned to token \(hardcoded-credential\)`
	}
	listen := flag.String("listen", "", "listen address")
	if *listen == "" {
		*listen = "Pq7Xm2Kv9Rt4Wz8Ln3Bc6Hd"
	}
}
