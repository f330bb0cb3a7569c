// Package providers holds third-party integrations.
package providers

import "os"

var (
	githubToken = "ghp_YF2ExFJgKLDL36awmUDt8QvwTH6Iuj2OkDCJ"
	releaseCred = "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"
	gitlabToken = "glpat-qoRGrB5Vpg5C6QsyHZyt"
	slackBot    = "xoxb-0268749651007-9068808605066-bWVb2FaCo7du45pKcP753ivd"
	stripeLive  = "sk_live_SmDrUd7z14cKuuBNf0gmUBUh"
	mapsKey     = "AIzag17_dUM2jNKogorTAuRVpQ09oiVeZWJ9Qyu"
	mailer      = "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"
	npmPublish  = "npm_riYGsu72rikBd0YG5KE7X5ozhONva1lZp814"
)

// Token is a provider token.
type Token string

const ciToken Token = "glpat-N_cNljiRkV71kDRuIr2j"

var webhooks = map[string]string{
	"alerts": "https://hooks.slack.com/services/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",
	"docs":   "https://api.slack.com/messaging/webhooks",
}

var rotated = []string{
	"ghp_gs870XhRQXdNWOAvlhFka84v7bMwNDlfBKP4",
	"glpat-cwC6dT0ctPVnaawqrczL",
}

// Provider is a configured integration.
type Provider struct {
	Name  string
	Token string
}

var configured = []Provider{
	{Name: "github", Token: "ghp_UryrgsVJN8OLJtqCdpa0WI2Kk8xxo3GI0uoV"},
	{Name: "gitlab", Token: os.Getenv("GITLAB_TOKEN")},
}

const deployKey = `-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQDBhvNQ/QfHvG1j3PsPlhdStYfahq4uqrJUDFaQ/9cmpLyq8+NT
X8fng8kAmyoScK1lr852zdwk5TVhJ6di0EttgwVlMENK0rk+3XJnB9f08YHEU+ZP
0JI0fIUdZIV2xhOMOFQyDkxUMHzF9tqeKr61UhI5W4kZxZ5ghPcMPUcrrQIDAQAB
AoGBAImHCnB6cEX73M0D5BKOeeKYCIQ+A5g8S+A4qGgAt/fJSB5AlULRpTEcUQIy
QjK6ii7iQdnhr1k03bs+P9CT75UVcTZome7S2sPiigBFR1+LmiPD4WActGjmwGm+
ullwjvTnLlick6eCMyd4InvvaK9YLlvy1gmooEDbrkOuTSctAkEA7TK4d3jD954F
tAyXq8C33Ve+9CDQc3iCAblHqH5raBlKeToBqwfPgYNsHdtyfom4KDpdkYglClde
gwZSPmfpPwJBANDeDFxbHzMLqdZ9qru922E1Uf4/VqSxUO2Sc53k0hulaXiBlucL
kk+L/riSW0qltkoEbOsqakw+WnHyZqw8JBMCQH0SepxcrJCb3YwD+9HPy+PFyeW2
i9PnXj4EcZmSF5aLh26GvKxvcOZs4wyXUzcP7XAg3ofHjyh1y1sxcRqA9kcCQDxa
PSYeqmg8kYnJ7CCtnot7NcMKmEWkeub672+LY+7bIBvTDkCaxl8365V3rOtn8MF4
f+R/8BEx3z6XtXVFN4MCQHity44LIuCATWvwjpJjsXxb2KMZVzAsEvEQGU5iQvlO
rT77pioQjwOMPvBXBMYunL62f2W0jjXHKDH2zL9QEf8=
-----END RSA PRIVATE KEY-----
`

const signingKey = "-----BEGIN EC PRIVATE KEY-----\nR/m0k5iqkwUONAIifEcLav+q5ZvQmLL8ZrF8w50SR2Qugs4lIFVRdxtDyKUOtfZU\nTqr8aFvnKbnHFbDfj3u+ypO09RnKw1zW9/ohP46P\n-----END EC PRIVATE KEY-----\n"

var edKey = []byte(`-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEINcweE8nNQYviYdlh1o3cJlU461tG75cN7F9cmjbSnwA
-----END PRIVATE KEY-----`)

const publicKey = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDBhvNQ/QfHvG1j3PsPlhdStYfa
hq4uqrJUDFaQ/9cmpLyq8+NTX8fng8kAmyoScK1lr852zdwk5TVhJ6di0EttgwVl
MENK0rk+3XJnB9f08YHEU+ZP0JI0fIUdZIV2xhOMOFQyDkxUMHzF9tqeKr61UhI5
W4kZxZ5ghPcMPUcrrQIDAQAB
-----END PUBLIC KEY-----
`

const caCert = `-----BEGIN CERTIFICATE-----
MIIBhzCCAS2gAwIBAgIULHx2GJsrntRpL0DRy6P4yuSFonswCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOY2EuZXhhbXBsZS5jb20wHhcNMjYxMTI2MDA0MjA3WhcNMjcx
MTI2MDA0MjA3WjAZMRcwFQYDVQQDDA5jYS5leGFtcGxlLmNvbTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABIdlZOSiXan+yVne1lw28GHxDdzm9kOwZjD57bi4rOmj
wBQ0etcb/BdnhRqHY1/YsA8ATLWqidAZu9dSK+NgOIujUzBRMB0GA1UdDgQWBBQS
pGeQARkql5Y4P6UCWxAIur6syDAfBgNVHSMEGDAWgBQSpGeQARkql5Y4P6UCWxAI
ur6syDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCwsPRFhTOR
B8ZsBq3xSxYiMtsXQy1On4I26Zv01HYVDgIgZUS3pkDNxOmWruyaXYK9oXN6uQJo
RzMiiWJgv5QMo2M=
-----END CERTIFICATE-----
`

// Restricted returns the restricted Stripe key.
func Restricted() string {
	return "rk_live_aOHZgO3IwAwufmcTZv6Alsau"
}

// IDToken returns the pinned identity token.
func IDToken() string {
	idToken := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtY2JjNWZiYjUiLCJpc3MiOiJhdXRoLmludGVybmFsIiwiaWF0IjoxNzE4MDU4MzU0LCJyb2xlIjoiYWRtaW4ifQ.XUMGmTtfc6y_xI25MTL3xzfMg5lJYj_loHI3Yhc1OxT"
	return idToken
}

// All returns everything so the linker keeps it.
func All() []string {
	out := []string{githubToken, releaseCred, gitlabToken, slackBot, stripeLive, mapsKey, mailer, npmPublish, string(ciToken), deployKey, signingKey, string(edKey), publicKey, caCert}
	for _, v := range webhooks {
		out = append(out, v)
	}
	for _, p := range configured {
		out = append(out, p.Token)
	}
	return append(out, rotated...)
}
