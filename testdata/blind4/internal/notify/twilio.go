package notify

import (
	"net/http"
	"net/url"
	"strings"
)

const (
	twilioAccountSID = "AC8bb7f00c11ecf9de8390cc8a008141d1"
	twilioAuthToken  = "aa75aaaa62c53a59724019f5f95df425"
	twilioFrom       = "+14155550123"
)

// SendSMS texts body to the on-call phone.
func SendSMS(to, body string) error {
	form := url.Values{"To": {to}, "From": {twilioFrom}, "Body": {body}}
	req, err := http.NewRequest(http.MethodPost,
		"https://api.twilio.com/2010-04-01/Accounts/"+twilioAccountSID+"/Messages.json",
		strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.SetBasicAuth(twilioAccountSID, twilioAuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
