package policy

import (
	"net/http"
	"os"
	"testing"
)

// A test against a local container is not live, even behind an
// environment guard: its password is the container's fixture.
func TestLocalLogin(t *testing.T) {
	if os.Getenv("INTEGRATION") == "" {
		t.Skip("set INTEGRATION=1")
	}
	req, _ := http.NewRequest(http.MethodGet, "http://localhost:8080/v1/me", nil)
	req.SetBasicAuth("admin", "Vq7#nLx2Rm9pZk4W")
	_, _ = http.Get("http://api.example.com:8080/")
	_, _ = http.Get("postgres://db:5432/app")
}
