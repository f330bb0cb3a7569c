// Package notify sends SMS, e-mail, push and chat notifications.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

const (
	twilioAccountSID = "AC061efbd03620d332b18b1580f81e25dd"
	twilioAuthToken  = "8d8ca747f808044d33f02e509407f1ce"
	twilioFrom       = "+15035550182"
)

// SendSMS sends an alarm text through Twilio.
func SendSMS(ctx context.Context, to, body string) error {
	form := url.Values{"To": {to}, "From": {twilioFrom}, "Body": {body}}
	endpoint := fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/%s/Messages.json", twilioAccountSID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(twilioAccountSID, twilioAuthToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("twilio: %s", resp.Status)
	}
	return nil
}

// The legacy FCM HTTP API is still used by the v1 Android app.
const (
	fcmSenderID  = "48213390177"
	fcmServerKey = "AAAAQ7k9qa7:APA91bO8_5dXnB8tAbMtY0ihFzifEQ2sfjMsTiOEVx-U5RcCO6cCYLiaKSOLthNzHwBTnaFeHxewvBLmoVWqNSaYrcaUyw-9BXoe56JiGODTj2ytdhwiCNKspQsRff9w4bs-3Fqs0av2"
)

func PushLegacy(ctx context.Context, deviceToken, title string) error {
	payload, _ := json.Marshal(map[string]any{"to": deviceToken, "notification": map[string]string{"title": title}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://fcm.googleapis.com/fcm/send", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", fmt.Sprintf("key=%s", fcmServerKey))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("project_id", fcmSenderID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// APNs token auth key (AuthKey_7QK2M9X4LP.p8), team 4JH2K8Q9ZT. The iOS
// pusher signs its provider JWTs with it.
const (
	apnsKeyID = "7QK2M9X4LP"
	apnsTeam  = "4JH2K8Q9ZT"
	apnsKey   = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/q95C9BQQ2b8Tc40
U7rslEafaMoAbvWv4wVCqZdpE9OhRANCAASxIL6tRNvCVCfOua7FvYTFwFgW7OAz
LkWaHR20sB8mbD6VtNJN6TtTI3Y8DW76i2WyQlHFE42JaFXxZuizAXws
-----END PRIVATE KEY-----`
)

func APNsKey() (id, team, pem string) { return apnsKeyID, apnsTeam, apnsKey }
