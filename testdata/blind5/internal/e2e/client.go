//go:build e2e

package e2e

import (
	"net/http"
	"net/url"
	"strings"
)

// Staging accounts. The receptionist account is shared by the QA team.
var accounts = map[string]string{
	"qa-reception@medora-care.net": "RyalI8~YFz6TcV0NrbNI3l",
	"qa-clinician@medora-care.net": "vjzKfKmV8_jzT4KTq-2cAn",
}

const stagingAdminToken = "mdr_admin_coJ92zcfScbGMo1tYaKqah1evlK1hUpxsDIAp3ZQ"

func login(base, user string) (*http.Response, error) {
	form := url.Values{"email": {user}, "password": {accounts[user]}}
	return http.Post(base+"/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

func adminRequest(base, path string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+stagingAdminToken)
	return req, nil
}
