package fakesecret

import (
	"regexp"
	"strings"
	"testing"
)

func TestFormats(t *testing.T) {
	for re, v := range map[string]string{
		`^[A-Za-z0-9]{20}$`:     Password(20),
		`^AKIA[A-Z2-7]{16}$`:    AWSAccessKeyID(),
		`^ghp_[A-Za-z0-9]{36}$`: GitHubPAT(),
	} {
		if !regexp.MustCompile(re).MatchString(v) {
			t.Errorf("%q does not match %s", v, re)
		}
	}
	if a, b := Password(20), Password(20); a == b {
		t.Error("two fake passwords are equal")
	}
}

func TestMixedPassword(t *testing.T) {
	for range 200 {
		p := MixedPassword(12)
		if len(p) != 12 || !strings.ContainsAny(p, "ABCDEFGHJKLMNPQRSTUVWXYZ") || !strings.ContainsAny(p, "23456789") || !strings.ContainsAny(p, "abcdefghijkmnopqrstuvwxyz") {
			t.Fatalf("MixedPassword(12) = %d characters without every class", len(p))
		}
	}
}
