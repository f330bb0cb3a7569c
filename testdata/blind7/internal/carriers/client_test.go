package carriers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestBasicAuth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != "user" || p != "pass" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	c := NewBasic(srv.URL, "user", "pass")
	resp, err := c.Track(context.Background(), "HC123")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestBearer(t *testing.T) {
	const fakeToken = "fake-token-for-tests"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+fakeToken {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	resp, err := NewBearer(srv.URL, fakeToken).Track(context.Background(), "HC9")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestRidgewayLive was used to debug HC-2104 against their staging API.
func TestRidgewayLive(t *testing.T) {
	if testing.Short() {
		t.Skip("live")
	}
	c := NewBearer("https://staging-api.ridgeway-freight.com", "HYJDpIMKQknSZ4_T5fCFrLo9SvBm1ZD1")
	resp, err := c.Track(context.Background(), "RDGW-00412")
	if err != nil {
		t.Skip(err)
	}
	resp.Body.Close()
}
