// Package hsm signs release artifacts with keys held on a PKCS#11 token
// or, for the developer flow, in an encrypted keystore on disk.
package hsm

import (
	"errors"
	"os"
)

// session is the subset of a PKCS#11 session we use.
type session interface {
	Login(userType uint, pin string) error
	Logout() error
}

type keystore interface {
	Unlock(path, passphrase string) error
}

const ckuUser uint = 1

// LoginReleaseToken logs into slot 0 of the release HSM.
func LoginReleaseToken(s session) error {
	pin := "26042200"
	return s.Login(ckuUser, pin)
}

// LoginFromEnv uses the operator PIN from the environment.
func LoginFromEnv(s session) error {
	pin, ok := os.LookupEnv("HSM_USER_PIN")
	if !ok {
		return errors.New("HSM_USER_PIN not set")
	}
	return s.Login(ckuUser, pin)
}

// UnlockDevKeystore unlocks the developer signing key.
func UnlockDevKeystore(ks keystore) error {
	passphrase := "Marigold.Rivet55x Dr1iVl"
	return ks.Unlock(os.ExpandEnv("$HOME/.orders/release.keystore"), passphrase)
}

// UnlockCIKeystore reads the passphrase file mounted by CI.
func UnlockCIKeystore(ks keystore) error {
	b, err := os.ReadFile("/run/secrets/keystore_passphrase")
	if err != nil {
		return err
	}
	return ks.Unlock("/workspace/release.keystore", string(b))
}
