package rules

import (
	"strings"
	"testing"
)

func TestGenericPlausible(t *testing.T) {
	match := func(line, secret string) (string, Match) {
		i := strings.Index(line, secret)
		return line, Match{RuleID: GenericRuleID, Secret: secret, Start: i, End: i + len(secret), MatchStart: 0, MatchEnd: i + len(secret)}
	}
	for _, c := range []struct {
		line, secret string
		want         bool
	}{
		{`api_key = "q8Lm2vXk9zPwR4tN"`, "q8Lm2vXk9zPwR4tN", true},
		{`"access_token": "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"`, "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90", true},
		{`db_password: correcthorsebattery`, "correcthorsebattery", true},
		{`AUTH0_CLIENT_ID=Xz8kLq2mZx5wJ7`, "Xz8kLq2mZx5wJ7", false},
		{`Using Key With Fingerprint: 5E615389B53CA37F0EE60BD3843BBF981FC18762`, "5E615389B53CA37F0EE60BD3843BBF981FC18762", false},
		{`image: registry.k8s.io/kube-apiserver:9680e782e08a1a1c94c656190011bd02`, "9680e782e08a1a1c94c656190011bd02", false},
		{`AuthConfigHash: "a55436fc140d516560d072c5fe8700385ce9f41629abf65c1edcbcb39fac691d"`, "a55436fc140d516560d072c5fe8700385ce9f41629abf65c1edcbcb39fac691d", false},
		{`access_token: "abcdefg1234567"`, "abcdefg1234567", false},
		{`{key: "15008/default/waypoint"}`, "15008/default/waypoint", false},
		{`token: "${GITHUB_TOKEN_VALUE}"`, "${GITHUB_TOKEN_VALUE}", false},
		{`secret_key: somerandomsecretvalue`, "somerandomsecretvalue", false},
	} {
		content, m := match(c.line, c.secret)
		if got := GenericPlausible(content, m); got != c.want {
			t.Errorf("GenericPlausible(%q) = %v, want %v", c.line, got, c.want)
		}
	}
	other := Match{RuleID: "github-pat", Secret: "abcdefg1234567"}
	if !GenericPlausible("", other) {
		t.Error("a provider rule's match was filtered")
	}
}

func TestLastName(t *testing.T) {
	for in, want := range map[string]string{
		`"api_key": "`:     "api_key",
		`AUTH0_CLIENT_ID=`: "AUTH0_CLIENT_ID",
		`token := "`:       "token",
		`  x.y.token-`:     "x.y.token",
		`=`:                "",
	} {
		if got := lastName(in); got != want {
			t.Errorf("lastName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInPEMBody(t *testing.T) {
	text := "a\n-----BEGIN PUBLIC KEY-----\nBODY\n-----END PUBLIC KEY-----\nafter\n"
	for s, want := range map[string]bool{"a\n": false, "BEGIN": false, "BODY": true, "after": false} {
		if got := InPEMBody(text, strings.Index(text, s)); got != want {
			t.Errorf("InPEMBody at %q = %v, want %v", s, got, want)
		}
	}
}
