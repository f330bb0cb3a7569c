// Package sftp uploads nightly lab-result batches to the lab partner.
package sftp

import (
	"golang.org/x/crypto/ssh"
)

// labHostKey is the lab's SFTP host key (public).
const labHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICFsNWRwGZRkTqt9KXyEtM4mtZik62VmohdbIrzjo1YA sftp@medora"

// deployKey authenticates the uploader.
const deployKey = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACAdFmGqXBFYo4FTKBpnl8C0VXvGBhxfFZOHx0BY2dg8ywAAAJD138lI9d/J
SAAAAAtzc2gtZWQyNTUxOQAAACAdFmGqXBFYo4FTKBpnl8C0VXvGBhxfFZOHx0BY2dg8yw
AAAEDu7IQub/kwOnEvcm6r03i5Ua3bIIOWEAsPb12VO0sqwh0WYapcEVijgVMoGmeXwLRV
e8YGHF8Vk4fHQFjZ2DzLAAAADWRlcGxveUBtZWRvcmE=
-----END OPENSSH PRIVATE KEY-----`

// Dial opens the SSH connection used for SFTP.
func Dial(addr string) (*ssh.Client, error) {
	signer, err := ssh.ParsePrivateKey([]byte(deployKey))
	if err != nil {
		return nil, err
	}
	hk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(labHostKey))
	if err != nil {
		return nil, err
	}
	cfg := &ssh.ClientConfig{
		User:            "medora-upload",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(hk),
	}
	return ssh.Dial("tcp", addr, cfg)
}

// DialLegacy is the old imaging archive that only accepts passwords.
func DialLegacy() (*ssh.Client, error) {
	cfg := &ssh.ClientConfig{
		User:            "medora",
		Auth:            []ssh.AuthMethod{ssh.Password("emciy~UZrfWzmiUf4vsjkh")},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
	return ssh.Dial("tcp", "pacs-archive.medora-care.net:22", cfg)
}

// ParseEncrypted opens the backup key, which is stored encrypted.
func ParseEncrypted(pemBytes []byte) (ssh.Signer, error) {
	passphrase := "cMze6OWELKauIA2wEuqUH5hyFuzj"
	return ssh.ParsePrivateKeyWithPassphrase(pemBytes, []byte(passphrase))
}
