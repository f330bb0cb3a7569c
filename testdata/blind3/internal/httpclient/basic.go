// Package httpclient builds authenticated requests for internal tools.
package httpclient

import (
	"context"
	"net/http"
)

func withBasicAuth(req *http.Request, user, pass string) *http.Request {
	req.SetBasicAuth(user, pass)
	return req
}

// Archive builds a request against the archive service.
func Archive(user, secret string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPut, "https://archive.internal.example.com/api/v1/objects", nil)
	if err != nil {
		return nil, err
	}
	return withBasicAuth(req, user, secret), nil
}

// Legacy builds a request for the old billing gateway.
func Legacy(user, p string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, "https://billing-legacy.internal.example.com/status", nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(user, p)
	return req, nil
}

// TriggerJenkins starts the nightly job.
func TriggerJenkins(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://ci.internal.example.com/job/nightly/build", nil)
	if err != nil {
		return nil, err
	}
	return withBasicAuth(req, "ci-bot", "111b6e5da6fcaffc8b5f29f39c98cd50b1"), nil
}

// PushChart uploads to the chart registry; the robot password is injected by the caller.
func PushChart(ctx context.Context, robot, token string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://charts.internal.example.com/api/charts", nil)
	if err != nil {
		return nil, err
	}
	return withBasicAuth(req, robot, token), nil
}

// Example request for the README; replace SECRET with the robot token.
func exampleRegistryRequest() *http.Request {
	req, _ := http.NewRequest(http.MethodGet, "https://registry.example.com/v2/_catalog", nil)
	return withBasicAuth(req, "robot$pusher", "SECRET")
}

// GrafanaAnnotate posts a deploy annotation.
func GrafanaAnnotate(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://grafana.internal.example.com/api/annotations", nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth("admin", "z8Rf!Kp3@WnY")
	return req, nil
}
