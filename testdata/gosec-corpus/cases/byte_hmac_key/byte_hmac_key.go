// label: secret

// Package bytehmackey: a []byte literal used as an HMAC key.
package bytehmackey

import (
	"crypto/hmac"
	"crypto/sha256"
)

func Sign(msg []byte) []byte {
	m := hmac.New(sha256.New, []byte("my-super-secret-signing-key-2024"))
	m.Write(msg)
	return m.Sum(nil)
}
