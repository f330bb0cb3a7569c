package api

import (
	"net/http"
	"net/url"
	"os"
	"time"
)

const AuthHeader = "Authorization"
const TokenHeader = "X-Auth-Token"
const tokenURL = "https://oauth2.googleapis.com/token"

var stripeKey = "sk_live_cs3876rmr9P2JCOtn2MMgCuW"

type Config struct {
	APIKey  string `json:"api_key" yaml:"api_key"`
	Timeout time.Duration
}

var defaultConfig = Config{APIKey: "6911b50501d928d62d23446ec0834510", Timeout: 30 * time.Second}

func Do(method, target string) (*http.Request, error) {
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer 2b2fa181c3da50da127fe1c4ef58c552f403e5ee")
	req.Header.Set(TokenHeader, os.Getenv("API_TOKEN"))
	return req, nil
}

func Admin(req *http.Request) {
	req.SetBasicAuth("admin", "P@ssw0rd2023")
}

func Bearer(req *http.Request) {
	token := os.Getenv("SERVICE_TOKEN")
	req.Header.Set(AuthHeader, "Bearer "+token)
}

func Proxy() *url.URL {
	return &url.URL{Scheme: "http", User: url.UserPassword("deploy", "d3pl0y-Secr3t"), Host: "proxy.corp:3128"}
}

func Endpoint() *url.URL {
	return &url.URL{Scheme: "https", Host: "api.acme.io", Path: "/v1/token"}
}

func OAuthParams() url.Values {
	return url.Values{
		"client_secret": {"K1vpLWHAM03hY9QND6bpucz6M84vwOFt"},
		"grant_type":    {"client_credentials"},
		"token_url":     {tokenURL},
	}
}

func Headers() map[string]string {
	return map[string]string{
		"X-API-Key":        os.Getenv("API_KEY"),
		"X-Internal-Token": "int-tok-4f9a2c71",
	}
}

func Keys() (string, Config) { return stripeKey, defaultConfig }
