package rules

import (
	"slices"
	"testing"
)

func TestJSONCredentials(t *testing.T) {
	for in, want := range map[string][]string{
		`{"username":"ops","password":"Js0n-Body-Pw"}`:                        {"Js0n-Body-Pw"},
		`{"db": {"user": "app", "password": "hX9kq2Vr7pLm"}, "port": 5432}`:   {"hX9kq2Vr7pLm"},
		`[{"name": "a", "token": "q8Lm2vXk9zPwR4tNq8Lm"}, {"token": "${T}"}]`: {"q8Lm2vXk9zPwR4tNq8Lm"},
		`{"password": "changeme", "passwordMinLength": "12"}`:                 nil,
		`{"password": "hX9k\"q2Vr7pLm"}`:                                      {`"hX9k\"q2Vr7pLm"`},
		`{"password": ["hX9kq2Vr7pLm"]}`:                                      nil,
		`{"password": "hX9kq2Vr7pLm"`:                                         nil, // not JSON
		`password=hX9kq2Vr7pLm`:                                               nil,
	} {
		var got []string
		for _, sp := range JSONCredentials(DefaultNames, in) {
			got = append(got, in[sp.Start:sp.End])
		}
		if !slices.Equal(got, want) {
			t.Errorf("JSONCredentials(%s) = %q, want %q", in, got, want)
		}
	}
}

func FuzzJSONCredentials(f *testing.F) {
	f.Add(`{"username":"ops","password":"Js0n-Body-Pw"}`)
	f.Add(`[{"token": "q8Lm2vXk9zPwR4tNq8Lm"}, {"a": {"b": [1, {"secret": "Zq9_8vLm2-kXw7pQ3rT6yU1i"}]}}]`)
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range JSONCredentials(DefaultNames, s) {
			if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
				t.Fatalf("span %v outside %q", sp, s)
			}
		}
	})
}
