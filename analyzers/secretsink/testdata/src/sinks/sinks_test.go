package sinks

import (
	"net/http"
	"testing"
)

// Credential sinks are quiet in test files.
func TestBasic(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://localhost", nil)
	req.SetBasicAuth("deploy", "hX9#kq2!Vr7pLm4Z")
}
