// Package api builds authenticated requests.
package api

import (
	"context"
	"net/http"
)

// Request returns a request carrying the API token.
func Request(ctx context.Context, url string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "token ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d")
	return req, nil
}
