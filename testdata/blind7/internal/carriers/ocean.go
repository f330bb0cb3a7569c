package carriers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

const oceanBase = "https://api.oceanlinkvessel.com"

// oceanKey returns the subscription key of the vessel-position API.
func oceanKey() string {
	return "00a2019558e3610c258161ef24a338b3"
}

// VesselPosition asks where a vessel is.
func VesselPosition(ctx context.Context, imo string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, oceanBase+"/v1/vessels/"+url.PathEscape(imo), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Ocp-Apim-Subscription-Key", oceanKey())
	return http.DefaultClient.Do(req)
}

// PortCalls posts a form with the account's API key.
func PortCalls(ctx context.Context, port string) (*http.Response, error) {
	form := url.Values{"port": {port}, "api_key": {"HenTDKD5epB46/LxDBeYBHibolUOzEo8"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, oceanBase+"/v1/portcalls", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}
