package auth

import (
	"net/http"
	"testing"
)

func TestIsAdmin(t *testing.T) {
	password := "hunter2"
	if IsAdmin(password) {
		t.Fatal("hunter2 must not be the admin password")
	}
}

func TestCheckToken(t *testing.T) {
	token := "41d65099eec01407ec6a1b044da05ca4ed81004c"
	if CheckToken(token) {
		t.Fatal("unexpected match")
	}
}

func TestBasicAuth(t *testing.T) {
	req, err := http.NewRequest("GET", "http://localhost/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("user", "pass")
	req.Header.Set("Authorization", "Bearer test-token")
	const fakeGH = "ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE"
	leaked := "ghp_KIcVBDyY59PNWqDDdnJfOmi1mI5SIWFUEuSt"
	if fakeGH == leaked {
		t.Fatal("equal")
	}
}

func TestIssue(t *testing.T) {
	s, err := Issue("alice")
	if err != nil || s == "" {
		t.Fatal(err)
	}
	const stripeKey = "sk_live_fbLJjTydZVy1HIPUNsDW437H"
	_ = stripeKey
}
