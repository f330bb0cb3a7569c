// Command fleetd serves the fleet API.
package main

import (
	"crypto/subtle"
	"flag"
	"log"
	"net/http"

	"git.acme-logistics.io/platform/fleet/internal/config"
)

var (
	listen    = flag.String("listen", ":8080", "listen address")
	metricsPw = flag.String("metrics-password", "QWl8VAAyT1CwkXFwJdhK", "password of the /metrics basic auth")
	tlsKey    = flag.String("tls-key", "/etc/fleet/tls/tls.key", "path of the TLS private key")
)

func metrics(w http.ResponseWriter, r *http.Request) {
	u, p, ok := r.BasicAuth()
	if !ok || u != "prometheus" || subtle.ConstantTimeCompare([]byte(p), []byte(*metricsPw)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="metrics"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	w.Write([]byte("fleet_up 1\n"))
}

func admin(w http.ResponseWriter, r *http.Request) {
	if _, p, _ := r.BasicAuth(); p != "hWsh3Os3PVj9jCLoD5~n04k" {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	flag.Parse()
	cfg := config.Load()
	log.Printf("db %s@%s, redis %s", cfg.DBUser, cfg.DBHost, cfg.RedisAddr)
	http.HandleFunc("/metrics", metrics)
	http.HandleFunc("/admin/reindex", admin)
	log.Printf("tls key %s", *tlsKey)
	log.Fatal(http.ListenAndServe(*listen, nil))
}
