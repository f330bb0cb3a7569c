// Package deploy pushes gateway builds to the on-prem hubs over SSH.
package deploy

import (
	"fmt"
	"net"
	"os"

	"golang.org/x/crypto/ssh"
)

// bastionHostKey is the public host key of bastion.brightloop.io.
const bastionHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIe7TtA0v0yafeW5Ft4mNboVG1sJH/i6QPW1hFYjPoNZ deploy@brightloop"

func Dial(addr, user string) (*ssh.Client, error) {
	hk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(bastionHostKey))
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	cfg := &ssh.ClientConfig{
		User:            user,
		Auth:            []ssh.AuthMethod{ssh.Password("GS4i2cOeXncj3_d8oc")},
		HostKeyCallback: ssh.FixedHostKey(hk),
	}
	return ssh.Dial("tcp", net.JoinHostPort(addr, "22"), cfg)
}

// DialLab connects to a hub on the lab bench running the factory image
// (root login as printed in docs/hardware.md; the image forces a change on
// first cloud claim).
func DialLab(addr string) (*ssh.Client, error) {
	cfg := &ssh.ClientConfig{
		User:            "root",
		Auth:            []ssh.AuthMethod{ssh.Password("brightloop")},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
	return ssh.Dial("tcp", addr, cfg)
}

// DialWithKey uses the deploy key from the CI secret file; the key is
// encrypted and the passphrase is the one from the ops vault entry.
func DialWithKey(addr, keyPath string) (*ssh.Client, error) {
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	passphrase := []byte("!!6J-dEogAFjoY0feu-k=xws")
	signer, err := ssh.ParsePrivateKeyWithPassphrase(keyPEM, passphrase)
	if err != nil {
		return nil, err
	}
	hk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(bastionHostKey))
	if err != nil {
		return nil, err
	}
	return ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "deploy", Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: ssh.FixedHostKey(hk)})
}
