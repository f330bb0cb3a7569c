package rules

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

// reported runs the default detector on doc and returns the secrets of
// rule id that Plausible keeps.
func reported(t *testing.T, id, doc string) []string {
	t.Helper()
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range d.Detect("", doc) {
		if m.RuleID == id && Plausible(doc, m) {
			out = append(out, m.Secret)
		}
	}
	return out
}

func TestOwnProviderRules(t *testing.T) {
	const digits = "0123456789"
	const b64url = fakesecret.Alnum + "-_"
	const b64 = fakesecret.Alnum + "+/"
	discord := "https://discord.com/api/webhooks/" + "1" + fakesecret.From(18, digits) + "/" + fakesecret.From(68, b64url)
	canary := "https://canary.discordapp.com/api/v10/webhooks/" + "9" + fakesecret.From(16, digits) + "/" + fakesecret.From(68, b64url)
	stripe := "whsec_" + fakesecret.Password(32)
	stripeCLI := "whsec_" + fakesecret.From(64, "0123456789abcdef")
	svix := "whsec_" + fakesecret.From(43, b64) + "="
	fcm := "AAAA" + fakesecret.From(7, b64url) + ":APA91b" + fakesecret.From(134, b64url)
	const base36 = "0123456789abcdefghijklmnopqrstuvwxyz"
	honeycomb := "hcaik_01" + fakesecret.From(56, base36)
	honeycombMgmt := "hcamk_01" + fakesecret.From(56, base36)
	honeycomb60 := "hcaik_01" + fakesecret.From(58, base36) // lengths vary: 56 to 64 after the prefix
	const hex = "0123456789abcdef"
	uuid := fakesecret.From(8, hex) + "-" + fakesecret.From(4, hex) + "-4" + fakesecret.From(3, hex) + "-8" + fakesecret.From(3, hex) + "-" + fakesecret.From(12, hex)
	okta := "00" + fakesecret.Password(40)
	for _, tc := range []struct {
		id, doc, want string
	}{
		{"discord-webhook-url", "DISCORD_WEBHOOK: " + discord + "\n", discord},
		{"discord-webhook-url", `notify(url="` + canary + `")`, canary},
		{"webhook-signing-secret", `WebhookSecret: "` + stripe + `",`, stripe},
		{"webhook-signing-secret", "STRIPE_WEBHOOK_SECRET=" + stripeCLI + "\n", stripeCLI},
		{"webhook-signing-secret", "svix:\n  secret: " + svix + "\n", svix},
		{"fcm-server-key", `fcmServerKey = "` + fcm + `"`, fcm},
		{"launchdarkly-sdk-key", `ldSDKKey = "sdk-` + uuid + `"`, "sdk-" + uuid},
		{"launchdarkly-sdk-key", "LD_MOBILE_KEY=mob-" + uuid + "\n", "mob-" + uuid},
		{"honeycomb-api-key", `value: "x-honeycomb-team=` + honeycomb + `"`, honeycomb},
		{"honeycomb-api-key", "HONEYCOMB_API_KEY=" + honeycombMgmt + "\n", honeycombMgmt},
		{"honeycomb-api-key", `OTEL_EXPORTER_OTLP_HEADERS="x-honeycomb-team=` + honeycomb60 + `"`, honeycomb60},
		{"auth-header-credential", "curl -X POST https://api.eu.opsgenie.com/v2/alerts \\\n  -H \"Authorization: GenieKey " + uuid + "\" \\\n", uuid},
		{"auth-header-credential", "http GET https://example.okta.com/api/v1/users --header 'Authorization: SSWS " + okta + "'", okta},
	} {
		got := reported(t, tc.id, tc.doc)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s in %q: got %d matches (the value: %v), want the value", tc.id, strings.ReplaceAll(tc.doc, tc.want, "<value>"), len(got), len(got) > 0 && got[0] == tc.want)
		}
		if r, ok := Lookup(tc.id); !ok || !r.Provider || QuietInTests(tc.id) {
			t.Errorf("%s: a provider rule of our own, reported in tests: %v %v", tc.id, ok, r)
		}
	}
	for _, tc := range []struct{ id, doc, why string }{
		{"discord-webhook-url", "https://discord.com/api/webhooks/000000000000000000/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "placeholder runs"},
		{"discord-webhook-url", "https://discord.com/api/webhooks/{id}/{token}", "template"},
		{"discord-webhook-url", "https://discord.com/api/webhooks/" + fakesecret.From(19, digits) + "/short", "token too short"},
		{"webhook-signing-secret", `secret := os.Getenv("WEBHOOK_SECRET") // e.g. whsec_test_abc123`, "too short, words"},
		{"webhook-signing-secret", "STRIPE_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "placeholder"},
		{"webhook-signing-secret", "STRIPE_WEBHOOK_SECRET=whsec_...", "elided"},
		{"webhook-signing-secret", "checked by verify_whsec_" + fakesecret.Password(32), "inside an identifier"},
		{"fcm-server-key", "AAAA" + fakesecret.From(7, b64url) + ":APA91bshort", "too short"},
		{"launchdarkly-sdk-key", "clientSideID = \"" + uuid[:24] + "\"", "a client-side id"},
		{"launchdarkly-sdk-key", "tracing-sdk-" + uuid, "inside a name"},
		{"honeycomb-api-key", "HONEYCOMB_API_KEY=hcaik_" + strings.Repeat("x", 58), "placeholder"},
		{"auth-header-credential", `curl -H "Authorization: GenieKey $OPSGENIE_API_KEY" https://api.opsgenie.com/v2/alerts`, "a variable"},
		{"auth-header-credential", `curl -H "Authorization: GenieKey <your-api-key-here>" https://api.opsgenie.com`, "a placeholder"},
		{"auth-header-credential", `curl -H "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx" https://api.example.com`, "a placeholder run"},
	} {
		if got := reported(t, tc.id, tc.doc); len(got) != 0 {
			t.Errorf("%s (%s): reported %d", tc.id, tc.why, len(got))
		}
	}
}

// TestPlausibleProviderPlaceholderRuns: a provider match filled in with a
// run of X's, 0's or *'s is a placeholder, whatever the rule.
func TestPlausibleProviderPlaceholderRuns(t *testing.T) {
	const slackRule = "slack-webhook-url"
	for _, doc := range []string{
		"webhookUrl: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n",
		"url = \"https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/xxxxxxxxxxxxxxxxxxxxxxxx\"\n",
		"url = \"https://hooks.slack.com/services/T11111111/B11111111/aaaaaaaaaaaaaaaaaaaaaaaa\"\n",
	} {
		if got := reported(t, slackRule, doc); len(got) != 0 {
			t.Errorf("placeholder webhook reported: %q", doc)
		}
	}
	real := "https://hooks.slack.com/services/T" + fakesecret.From(10, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") + "/B" + fakesecret.From(10, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") + "/" + fakesecret.Password(24)
	if got := reported(t, slackRule, "webhookUrl: "+real+"\n"); len(got) != 1 {
		t.Errorf("generated Slack webhook: %d matches, want 1", len(got))
	}
}

func TestSameRun(t *testing.T) {
	for s, want := range map[string]bool{
		"sk_live_aaaaaaaaaaaa": true, "T1111111111": true, "MIIEAAAAAAAAAAAAAAAAB": false,
		fakesecret.Password(40): false, "ab" + strings.Repeat("z", 9): false,
	} {
		if got := sameRun(s, 10); got != want {
			t.Errorf("sameRun(%q, 10) = %v, want %v", s, got, want)
		}
	}
}
