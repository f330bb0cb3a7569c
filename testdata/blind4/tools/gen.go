//go:build ignore

// gen.go downloads the schema bundle and checks it against its checksum.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
)

const (
	bundleURL    = "https://downloads.acme-logistics.io/schema/fleet-schema-v14.tar.gz"
	bundleSHA256 = "fa450928482adf33b7fe5fd702c439b480e1fc8e6bffa6dabd796fe33f1bff14"
	uploadToken  = "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"
)

func main() {
	resp, err := http.Get(bundleURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	h := sha256.New()
	io.Copy(h, resp.Body)
	if hex.EncodeToString(h.Sum(nil)) != bundleSHA256 {
		fmt.Fprintln(os.Stderr, "checksum mismatch")
		os.Exit(1)
	}
	fmt.Println("ok", len(uploadToken) > 0)
}
