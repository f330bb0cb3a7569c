// Package ops holds operational helpers with a few hardcoded credentials.
package ops

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"os/exec"
	"strings"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/ssh"
)

const pagerdutyKey = "ryo1nIj7BRd03Q2ybv09"

const reportingDSN = "sqlserver://sa:Sq1-Server-Pw@mssql.internal:1433?database=app"

// Decorate adds credentials to an outgoing request.
func Decorate(req *http.Request) {
	req.Header["Authorization"] = []string{"Bearer cb3dea13519a60a077bbd142880e8427abeec129"}
	req.Header.Set("X-Routing-Key", "Token token="+pagerdutyKey)
}

// Partner returns headers for the partner API.
func Partner() http.Header {
	return http.Header{
		"X-Api-Key":    {"okF5NSAllsNdV40J599dTCZWZYvRSZey"},
		"Content-Type": {"application/json"},
	}
}

// LegacyBasic returns a pre-built basic credential.
func LegacyBasic() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:P4ssw0rd-Basic"))
}

// Ops returns the ops account.
func Ops() any {
	return struct {
		User     string
		Password string
	}{
		User:     "ops",
		Password: "0ps-Team-2024",
	}
}

// TokenForm is the client-credentials token request.
var TokenForm = url.Values{
	"client_secret": {"bd390b656a4d2bad821df997d529975dcb6de070"},
	"grant_type":    {"client_credentials"},
	"scope":         {"read write"},
}

// LoginForm builds a login form.
func LoginForm() url.Values {
	form := url.Values{}
	form.Set("username", "ops")
	form.Set("password", "F0rm-Login-Pw")
	return form
}

// LoginBody is a JSON login body.
func LoginBody() *strings.Reader {
	return strings.NewReader(`{"username":"ops","password":"Js0n-Body-Pw"}`)
}

// Dump runs mysqldump with an inline password.
func Dump(ctx context.Context) *exec.Cmd {
	return exec.CommandContext(ctx, "mysqldump", "-u", "root", "-pR00t-Cli-Pw", "shop")
}

// BindPassword returns the LDAP bind password.
func BindPassword() string {
	ldapBindPassword := "Ld4p-Bind!"
	return ldapBindPassword
}

// Peer is a WireGuard peer.
type Peer struct {
	PublicKey  string
	PrivateKey string
}

// Tunnel returns the tunnel peer.
func Tunnel() Peer {
	return Peer{
		PublicKey:  "nUrOSE62chn4xdeJg1Kza5KxxGWfvmaQtKnP/VSGVBr=",
		PrivateKey: "YSuIb9OZiFZ3HLKv797TPNbpjava1bMZwIMlvdp5gjT=",
	}
}

// AuthCache authenticates an existing redis connection.
func AuthCache(ctx context.Context, rdb *redis.Client) error {
	return rdb.Do(ctx, "AUTH", "R3dis-Auth-Cmd").Err()
}

// SSH returns the deploy SSH client config.
func SSH() *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User:            "deploy",
		Auth:            []ssh.AuthMethod{ssh.Password("Ssh-Deploy-9x")},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
}

// Reporting returns the reporting DSN.
func Reporting() string { return reportingDSN }
