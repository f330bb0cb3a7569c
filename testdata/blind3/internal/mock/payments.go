// Package mock contains hand-written mocks of external clients.
package mock

import "net/http"

type PaymentsClient struct {
	APIKey string
	Calls  int
}

func NewPaymentsClient() *PaymentsClient {
	return &PaymentsClient{APIKey: "sk_test_mock_0000000000000000"}
}

func AuthorizedRequest() *http.Request {
	req, _ := http.NewRequest(http.MethodGet, "http://mock.local/charges", nil)
	req.SetBasicAuth("mock-user", "mock-pass")
	return req
}
