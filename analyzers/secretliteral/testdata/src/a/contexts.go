package a

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os/exec"
)

// Contexts that give a literal a secret name other than an assignment.

type user struct {
	Name     string
	Password string
}

var users = []user{
	{"alice", "Al1ce-Pw-2024x"}, // want `assigned to field Password \(hardcoded-credential\)`
	{Name: "bob", Password: "changeme"},
}

type envVar struct{ Name, Value string }

var env = []envVar{
	{Name: "API_TOKEN", Value: "ioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0e"}, // want `given as the value of API_TOKEN \(hardcoded-credential\)`
	{Name: "LOG_LEVEL", Value: "debug"},
}

var passwords = map[string]string{
	"alice": "Wonderland#1x", // want `stored in passwords \(hardcoded-credential\)`
	"bob":   "",
}

func check(apiKey string) bool {
	switch apiKey {
	case "tTFSlEtNoQaoBOkwwOA7tOggYDi0TIue": // want `compared with apiKey \(hardcoded-credential\)`
		return true
	case "":
		return false
	}
	return false
}

func apiToken() string {
	return "LFBxqb2dnoM6RU2XrhhTfppQp0zbMKeoNvGuAXAY" // want `returned as apiToken \(hardcoded-credential\)`
}

func tokenHeader() string { return "X-Auth-Token" }

func fallback() (user, password string) {
	return "admin", "Adm!n-Default-1" // want `returned as password \(hardcoded-credential\)`
}

func form() url.Values {
	f := url.Values{}
	f.Set("password", "F0rm-Login-Pw9")   // want `stored under key password \(hardcoded-credential\)`
	f.Set("username", "F0rm-Login-User9") // a user name
	return f
}

func getenv(name, def string) string { return def }

var redisPassword = getenv("REDIS_PASSWORD", "r3dis-Def4ult") // want `stored under key REDIS_PASSWORD \(hardcoded-credential\)`

const body = `{"username":"ops","password":"Js0n-Body-Pw"}` // want `hardcoded credential in a JSON value`

const publicBody = `{"username":"ops","passwordPolicy":"strict"}`

func dump(ctx context.Context) *exec.Cmd {
	return exec.CommandContext(ctx, "mysqldump", "-u", "root", "-pR00t-Cli-Pw", "shop") // want `password on a command line`
}

func prompt(ctx context.Context) *exec.Cmd {
	return exec.CommandContext(ctx, "mysql", "-u", "root", "-p", "shop")
}

func basic() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:P4ssw0rd-Basic")) // want `basic-auth password in string literal encoded into an Authorization header \(credential-sink\)`
}

func basicFromVars(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func dsn(host string) string {
	return fmt.Sprintf("host=%s user=%s password=%s dbname=orders", host, "orders", "Ord3rs!Pass") // want `password in connection string in string literal passed to fmt.Sprintf \(url-credentials\)`
}

func dsnFromEnv(host, pw string) string {
	return fmt.Sprintf("host=%s user=%s password=%s dbname=orders", host, "orders", pw)
}

// A generated key under a name gitleaks' generic rule keys on (…Key), as
// scan's provider pass sees it in the text; written in two pieces.
const hookVerifyKey = "9c1e4b7a2f6d8e3b5a0c7f1d4e9b2a6c" + // want `generic api key in constant expression assigned to hookVerifyKey \(generic-api-key\)`
	"3f8e1d5b7a9c2e4f6b8d0a1c3e5f7b9d"

// Words and sequences under such a name are not keys.
const (
	cacheKey   = "user-profile-settings-v2"
	routingKey = "orders.created.eu-west-1"
)
