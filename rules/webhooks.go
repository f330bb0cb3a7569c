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
//   - fcm-server-key: a Firebase Cloud Messaging server key, AAAA, seven
//     characters, a colon and APA91b followed by 134 base64url
//     characters: it sends push messages to every installation of the
//     app. gitleaks has gcp-api-key (AIza…), not this format.
//   - launchdarkly-sdk-key: a LaunchDarkly server-side SDK key (sdk-) or
//     mobile key (mob-) followed by a UUID: it reads every flag and its
//     rules. gitleaks' launchdarkly-access-token needs the word
//     launchdarkly before a 40-character API token. Its keywords are sdk-
//     and mob- with a hex digit (sdk- alone is in every import of the
//     aws-sdk-go modules), the expression starts with them, so that it
//     runs only in their windows, and Plausible rejects a key glued to a
//     name before it (tracing-sdk-…).
//   - honeycomb-api-key: Honeycomb ingest keys (hcaik_, hcxik_) and
//     management keys (hcamk_), 56 to 64 lower-case base36 characters after the
//     prefix. An ingest key writes telemetry into the team's datasets; they
//     travel in OTLP headers (x-honeycomb-team=…). gitleaks has none.
//   - auth-header-credential: an Authorization header with a scheme of
//     its own (GenieKey, SSWS, Key, Token, sso-key …) passed to a command
//     (-H / --header: curl, httpie, wget): the value after the scheme is the
//     credential. gitleaks' curl-auth-header reads Basic, Bearer and Token
//     after curl only. Its keywords are the quote before "Authorization:"
//     (the word alone is in every RBAC manifest and Go HTTP file).
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

[[rules]]
id = "fcm-server-key"
description = "Found a Firebase Cloud Messaging server key, which lets anyone send push notifications to the app's users."
regex = '''\b(AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{120,160})(?:[^A-Za-z0-9_\-]|$)'''
keywords = ["apa91b"]

[[rules]]
id = "launchdarkly-sdk-key"
description = "Found a LaunchDarkly server-side SDK key or mobile key, which reads every feature flag and its targeting rules."
regex = '''(?:sdk|mob)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b'''
keywords = ["sdk-0", "sdk-1", "sdk-2", "sdk-3", "sdk-4", "sdk-5", "sdk-6", "sdk-7", "sdk-8", "sdk-9", "sdk-a", "sdk-b", "sdk-c", "sdk-d", "sdk-e", "sdk-f", "mob-0", "mob-1", "mob-2", "mob-3", "mob-4", "mob-5", "mob-6", "mob-7", "mob-8", "mob-9", "mob-a", "mob-b", "mob-c", "mob-d", "mob-e", "mob-f"]

[[rules]]
id = "honeycomb-api-key"
description = "Found a Honeycomb API key (ingest or management), which lets anyone write telemetry to, or manage, a Honeycomb team's environments."
regex = '''\b(hc(?:aik|xik|amk)_[0-9a-z]{56,64})\b'''
entropy = 3
keywords = ["hcaik_", "hcxik_", "hcamk_"]

[[rules]]
id = "auth-header-credential"
description = "Found a credential in an Authorization header passed to a command (-H / --header), which lets anyone call the API as its owner."
regex = '''(?i)(?:^|\s)(?:-H|--header)[ \t=]*["']Authorization:[ \t]*[A-Za-z][A-Za-z0-9_-]{1,24}[ \t]+([A-Za-z0-9._~+/:=-]{16,200})["']'''
entropy = 3
keywords = ["\"authorization:", "'authorization:"]
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

// HoneycombAPIKey: a Honeycomb ingest or management key.
func HoneycombAPIKey() *Rule {
	return ownProviderRule("honeycomb-api-key", "honeycomb api key",
		"A Honeycomb API key: an ingest key (hcaik_…, hcxik_…) or a management key (hcamk_…).",
		"An ingest key writes events into the team's environments (and runs up its bill); a management key changes the team's keys and environments.",
		"delete the key in Honeycomb (Environment settings → API keys), create a new one, and give it to the exporter through the environment (OTEL_EXPORTER_OTLP_HEADERS from a secret store).")
}

// AuthHeaderCredential: an Authorization header with a credential passed
// to a command.
func AuthHeaderCredential() *Rule {
	return ownProviderRule("auth-header-credential", "credential in an authorization header",
		"A credential in an Authorization header given to a command (curl -H \"Authorization: GenieKey …\", --header).",
		"The header is the API's whole proof of identity: whoever reads the command calls the API as the key's owner; the command line also lands in shell history and process listings.",
		"revoke the key with its provider, and pass the header from the environment (-H \"Authorization: GenieKey $OPSGENIE_API_KEY\") or a file (curl -H @headers.txt) filled from a secret store.")
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

// FCMServerKey: a Firebase Cloud Messaging server key.
func FCMServerKey() *Rule {
	return ownProviderRule("fcm-server-key", "firebase cloud messaging server key",
		"A Firebase Cloud Messaging server key (AAAA…:APA91b…).",
		"The server key authorizes FCM sends: with it anyone pushes notifications to every installation of the app.",
		"delete the key in the Firebase console (Project settings → Cloud Messaging), move to the HTTP v1 API with a service account read from a secret store, and keep the key out of the source.")
}

// LaunchDarklySDKKey: a LaunchDarkly server-side SDK or mobile key.
func LaunchDarklySDKKey() *Rule {
	return ownProviderRule("launchdarkly-sdk-key", "launchdarkly sdk key",
		"A LaunchDarkly server-side SDK key (sdk-…) or mobile key (mob-…); client-side IDs are public.",
		"The SDK key reads every flag of the environment with its targeting rules, which name users and segments.",
		"reset the key in LaunchDarkly (Account settings → Projects → environment → Reset SDK key) and read it from a secret store or the environment.")
}
