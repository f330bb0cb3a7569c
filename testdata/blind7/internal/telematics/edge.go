package telematics

import (
	"net"
	"time"

	"golang.org/x/crypto/ssh"
)

// edgeKey is the deploy key of the depot edge gateways (Raspberry Pi 4
// boxes that bridge the yard's RFID readers).
const edgeKey = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEID/QGepJtNrwDTqASxsy/BPs4ilTwoG/NuNtY66e8FmhoAoGCCqGSM49
AwEHoUQDQgAEbapaymyn1ejkj5YDk2WtI5c1jw101icVFk3+rBRnJH7+frjeLens
aS/dl/kCHYMAkZsKjmo/Y/egHZLbL5nXUg==
-----END EC PRIVATE KEY-----`

// edgeHostKey pins the gateways' host key.
const edgeHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHt2nO6tQ1n4h0R3l5vC8aW3kUe9dM2pYxZq7bL0sJfQ"

// DialEdge opens an SSH session to a depot gateway.
func DialEdge(addr string) (*ssh.Client, error) {
	signer, err := ssh.ParsePrivateKey([]byte(edgeKey))
	if err != nil {
		return nil, err
	}
	hk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(edgeHostKey))
	if err != nil {
		return nil, err
	}
	return ssh.Dial("tcp", addr, &ssh.ClientConfig{
		User:            "edge",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(hk),
		Timeout:         10 * time.Second,
	})
}

// DialYardScanner logs in to the RFID reader's maintenance shell. Ops set
// this password on all readers when the yards were commissioned in 2022.
func DialYardScanner(host string) (*ssh.Client, error) {
	return ssh.Dial("tcp", net.JoinHostPort(host, "22"), &ssh.ClientConfig{
		User:            "maint",
		Auth:            []ssh.AuthMethod{ssh.Password("YcpZ638S43Ll")},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	})
}
