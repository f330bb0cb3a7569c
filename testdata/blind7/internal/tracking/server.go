// Package tracking serves the public tracking API and the shipper webhooks.
package tracking

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"io"
	"net/http"
)

// Server is the tracking HTTP server.
type Server struct {
	db         *sql.DB
	adminPass  string
	webhookKey []byte
	mux        *http.ServeMux
}

// NewServer wires the routes.
func NewServer(db *sql.DB, adminPass string, webhookKey []byte) *Server {
	s := &Server{db: db, adminPass: adminPass, webhookKey: webhookKey, mux: http.NewServeMux()}
	s.mux.HandleFunc("/admin/", s.admin)
	s.mux.HandleFunc("/hooks/shipper", s.shipperHook)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) admin(w http.ResponseWriter, r *http.Request) {
	_, p, ok := r.BasicAuth()
	if !ok || subtle.ConstantTimeCompare([]byte(p), []byte(s.adminPass)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="haulcraft-admin"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	io.WriteString(w, "ok")
}

func (s *Server) shipperHook(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mac := hmac.New(sha256.New, s.webhookKey)
	mac.Write(body)
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(r.Header.Get("X-Haulcraft-Signature"))) {
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
