package client

import (
	"net/http"
	"testing"
)

func TestBadKey(t *testing.T) {
	c := New("not-a-key")
	req, _ := http.NewRequest(http.MethodGet, "https://api.medora-care.net/v2/ping", nil)
	if _, err := c.Do(req); err != ErrBadKey {
		t.Fatalf("err = %v", err)
	}
}

func TestExampleKeyShape(t *testing.T) {
	c := New("mdr_test_0000000000000000000000000000")
	if c.apiKey == "" {
		t.Fatal("empty key")
	}
}
