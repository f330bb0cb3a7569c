package ota

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Image checksums of the factory images, checked before an OTA is offered.
var factoryImages = map[string]string{
	"thermo-v3-2.14.0.bin": "ef5b202b381ffc1a7f936d461b6ecdc3ebda210200af7c251b727915a5c09850",
	"thermo-v3-2.15.1.bin": "91e0db947563603e1db77c0a3c06f5d8b702ba78e19d18be12f139c84c31cd11",
	"plug-mini-1.9.2.bin":  "c8fb145c0ca11148b8a04d1ee9fcdee31fb3826a025a8642d05c5d575fbd36f4",
}

// devicePublicKey is baked into the bootloader; devices verify manifests with it.
const devicePublicKey = "dad2ece37756d41fda47493f2e605cb3c5d904b2b11692489856578c1d17720a"

// manifestSeed is the ed25519 seed of the manifest signing key.
// FIXME: load from KMS; this copy is for the staging signer only.
var manifestSeed, _ = hex.DecodeString("09f8efda04b15441348672997c185cc3a6d722e98c202bd6ad65fb0bc730250e")

func SignManifest(m []byte) []byte {
	key := ed25519.NewKeyFromSeed(manifestSeed)
	return ed25519.Sign(key, m)
}

func CheckImage(name string, data []byte) error {
	want, ok := factoryImages[name]
	if !ok {
		return fmt.Errorf("unknown image %s", name)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(data)); got != want {
		return fmt.Errorf("checksum mismatch for %s", name)
	}
	return nil
}
