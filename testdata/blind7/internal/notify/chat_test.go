package notify

import (
	"strings"
	"testing"
)

func TestChannels(t *testing.T) {
	for k, v := range Channels {
		if !strings.HasPrefix(v, "https://hooks.slack.com/") {
			t.Errorf("%s: %s", k, v)
		}
	}
}

func TestBotToken(t *testing.T) {
	b := slackBot{token: "xoxb-test-token", channel: "C0TEST"}
	if b.token == "" {
		t.Fatal("empty")
	}
}

// A token that was pasted here while debugging a rate-limit issue.
var debugToken = "xoxp-578330522419-633446157457-4253573672665-2d346f31f251463f1cba832d87671c3d"

func TestDebugToken(t *testing.T) {
	if debugToken == "" {
		t.Skip()
	}
}
