package sinks

import (
	"crypto/aes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
)

// Keys written as hex or base64 and decoded reach encryption and signing
// APIs: the encoded literal is the key.
var wrapKey, _ = base64.StdEncoding.DecodeString("GE/1Jw0GumOQGE/HeViNLBzHzt4bxsqbPMZmU2+zRwE=") // want `literal signing key reaches crypto/aes.NewCipher`

func cryptoKeys() {
	_, _ = aes.NewCipher(wrapKey)
	seed, _ := hex.DecodeString("09f8efda04b15441348672997c185cc3a6d722e98c202bd6ad65fb0bc730250e") // want `literal signing key reaches crypto/ed25519.NewKeyFromSeed`
	_ = ed25519.NewKeyFromSeed(seed)
	// A key read at run time is not a literal.
	other, _ := hex.DecodeString(readKey())
	_ = ed25519.NewKeyFromSeed(other)
}

func readKey() string { return "" }

// A local wrapper of a decoder (decode, handle the error, return the
// bytes) passes its literal argument on as the key.
var wrappedKey = mustB64("q3Vn8Zx1Lr5Tw0Ym2Kc7Pd4Hf9Js6Bg3Nx8Qa1We5Ro=") // want `literal signing key reaches crypto/aes.NewCipher via wrappedKey`

// Not a decoder: the result is not what was decoded.
var lengthKey = decodedLen("q3Vn8Zx1Lr5Tw0Ym2Kc7Pd4Hf9Js6Bg3Nx8Qa1We5Ro=")

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func decodedLen(s string) []byte {
	b, _ := base64.StdEncoding.DecodeString(s)
	return make([]byte, len(b))
}

func wrappedKeys() {
	_, _ = aes.NewCipher(wrappedKey)
	_, _ = aes.NewCipher(lengthKey)
}
