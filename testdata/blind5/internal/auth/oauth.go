package auth

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// GoogleCalendar syncs clinician calendars.
var GoogleCalendar = &oauth2.Config{
	ClientID:     "482910357716-8f3k2n1q9d7v5s0c6b4m2x8z1p3r7t5y.apps.googleusercontent.com",
	ClientSecret: "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",
	Endpoint: oauth2.Endpoint{
		AuthURL:  "https://accounts.google.com/o/oauth2/auth",
		TokenURL: "https://oauth2.googleapis.com/token",
	},
	RedirectURL: "https://booking.medora-care.net/oauth/google/callback",
	Scopes:      []string{"https://www.googleapis.com/auth/calendar.events"},
}

// InsurerClient talks to the insurer eligibility API.
func InsurerClient(ctx context.Context) *http.Client {
	cc := clientcredentials.Config{
		ClientID:     "medora-booking",
		ClientSecret: "I3zliiuuuRzhVcNQwpPnlo2rHVnT",
		TokenURL:     "https://auth.eligibility-hub.example-insurer.com/oauth2/token",
		Scopes:       []string{"eligibility:read"},
	}
	return cc.Client(ctx)
}

// MicrosoftClient is configured at runtime; the secret comes from Vault.
func MicrosoftClient(secret string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     "3b1f5c2a-0d4e-4c7b-9a8e-6f2d1c0b9a87",
		ClientSecret: secret,
		Endpoint: oauth2.Endpoint{
			TokenURL: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
		},
	}
}

// StaticToken is used by the reminder worker to call the calendar API.
func StaticToken() oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{
		AccessToken: "ya29.6cQRgVUdhGGLjmWTpgEWBuGC3QcTuBwPuG0Vwtb8ZRI0UV6MndEUaj4XYHlrQC664yTDb2xklZevQYouJY4A9A",
		TokenType:   "Bearer",
	})
}
