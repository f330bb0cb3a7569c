package notify

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// Twilio account of the driver-notification line.
const (
	twilioAccountSID = "ACc8d56f9a955a92f7f7c1c8987d0a96df"
	twilioAuthToken  = "d14e1c204f3ca7382f22ad7fa3b64661"
	twilioFrom       = "+14155550134"
)

// SMS texts a driver.
func SMS(ctx context.Context, to, body string) (*http.Response, error) {
	form := url.Values{"To": {to}, "From": {twilioFrom}, "Body": {body}}
	u := "https://api.twilio.com/2010-04-01/Accounts/" + twilioAccountSID + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(twilioAccountSID, twilioAuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}
