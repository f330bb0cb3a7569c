package booking

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPartnerRejectsDummyBearer(t *testing.T) {
	h := &Handler{StripeKey: "sk_test_dummy"}
	req := httptest.NewRequest(http.MethodGet, "/v2/slots", nil)
	req.Header.Set("Authorization", "Bearer dummy")
	req.Header.Set(apiKeyHeader, "mdr_live_tooShort")
	rec := httptest.NewRecorder()
	h.Partner(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("code %d", rec.Code)
	}
}

func TestPartnerAcceptsWellFormedKey(t *testing.T) {
	h := &Handler{}
	req := httptest.NewRequest(http.MethodGet, "/v2/slots", nil)
	req.Header.Set(apiKeyHeader, apiKeyPrefix+strings.Repeat("x", 40))
	rec := httptest.NewRecorder()
	h.Partner(rec, req)
	if rec.Code == http.StatusUnauthorized {
		t.Fatalf("well-formed key rejected")
	}
}

func TestLoginBody(t *testing.T) {
	body := `{"email":"alice@example.com","password":"correct-horse-battery-staple"}`
	if !strings.Contains(body, passwordField) {
		t.Fatal("field missing")
	}
}
