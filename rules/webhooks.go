package rules

import "github.com/secretlint-go/secretlint/finding"

// Provider formats gitleaks v8.30.1 has no rule for, written as gitleaks
// rules and appended to its default set (builtinTOML), so that they run
// like its rules: keyword prefilter, regex windows, allowlists, and the
// same detector under scan, go vet and --staged. Their Rule entries below
// (Provider: true) make them reported in test code too (QuietInTests).
//
//   - discord-webhook-url: https://discord.com/api/webhooks/<id>/<token>;
//     the id is a snowflake (17 to 20 digits), the token 68 characters of
//     base64url. Anyone holding the URL posts to the channel. gitleaks has
//     discord-api-token/client-id/client-secret (values under a discord
//     name), not the webhook URL.
//   - webhook-signing-secret: whsec_…, the signing secret of a Stripe
//     webhook endpoint (whsec_ and 32 base62 characters; the Stripe CLI's
//     64 hex) and of Standard Webhooks / Svix endpoints (whsec_ and base64
//     of 24 to 64 bytes). With it anyone forges events the receiver
//     trusts. gitleaks' stripe-access-token covers sk_/rk_ only.
const ownProviderTOML = `

[[rules]]
id = "discord-webhook-url"
description = "Found a Discord webhook URL, which lets anyone who holds it post messages to a Discord channel."
regex = '''https?://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api(?:/v\d+)?/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,80}'''
keywords = ["discord"]

[[rules]]
id = "webhook-signing-secret"
description = "Found a webhook signing secret (whsec_: Stripe, Svix, Standard Webhooks), which lets anyone forge webhook events the receiver trusts."
regex = '''\b(whsec_[A-Za-z0-9+/]{24,88}={0,2})(?:[^A-Za-z0-9+/=_\-]|$)'''
entropy = 3
keywords = ["whsec_"]
`

// builtinTOML is the provider rule set every detector starts from:
// gitleaks' default rules and ownProviderTOML's.
var builtinTOML = gitleaksDefaultTOML + ownProviderTOML

// DiscordWebhookURL: a Discord webhook URL.
func DiscordWebhookURL() *Rule {
	return ownProviderRule("discord-webhook-url", "discord webhook url",
		"A Discord webhook URL: https://discord.com/api/webhooks/<id>/<token>.",
		"The URL is the credential: whoever holds it posts to the channel, as the webhook, until it is deleted.",
		"delete the webhook in the channel's settings (Integrations → Webhooks), create a new one, and give the program its URL through the environment or a secret store.")
}

// WebhookSigningSecret: a webhook endpoint's signing secret (whsec_…).
func WebhookSigningSecret() *Rule {
	return ownProviderRule("webhook-signing-secret", "webhook signing secret",
		"A webhook signing secret (whsec_…: Stripe, Svix, Standard Webhooks).",
		"The signing secret is what the receiver checks events against: with it anyone forges events (payments, sign-ups) that the receiver trusts.",
		"roll the endpoint's signing secret (Stripe: Dashboard → Webhooks → Roll secret), and read it at run time from a secret store or the environment.")
}

func ownProviderRule(id, title, description, why, fix string) *Rule {
	return &Rule{
		ID: id, Title: title, Description: description,
		Severity: finding.SeverityHigh,
		Source:   "secretlint",
		Provider: true,
		Scope:    "any",
		Help:     help(why, fix, id),
	}
}
