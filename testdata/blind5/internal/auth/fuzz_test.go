package auth

import "testing"

func FuzzParse(f *testing.F) {
	f.Add("")
	f.Add("not.a.jwt")
	f.Add("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmdXp6In0.c2lnbmF0dXJlLWZvci1mdXp6aW5nLW9ubHk")
	f.Add("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Parse(s)
	})
}
