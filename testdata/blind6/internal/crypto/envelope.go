// Package crypto seals Wi-Fi credentials that users share with the hub.
package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
)

// kek wraps the per-home data keys. Staging only; prod uses KMS.
var kek, _ = base64.StdEncoding.DecodeString("GE/1Jw0GumOQGE/HeViNLBzHzt4bxsqbPMZmU2+zRwE=")

func Seal(plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plain, nil), nil
}
