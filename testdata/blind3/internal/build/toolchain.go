// Package build contains helpers for the release tooling.
package build

import (
	"os"
	"path/filepath"
)

// Tool versions are pinned so that CI and local builds agree.
var pins = map[string]string{
	"golangci-lint": "v1.59.1",
	"buf":           "v1.32.2",
	"goreleaser":    "v2.0.1",
}

func golangciVersion() string {
	pin := "v1.59.1"
	if v := os.Getenv("GOLANGCI_LINT_VERSION"); v != "" {
		pin = v
	}
	return pin
}

func baseImage() string {
	pin := "sha256:6a0160724db5830958453d08e1dfa1ce5d0a654a539f33baa82637a37fa3d1ea"
	return "gcr.io/distroless/static-debian12@" + pin
}

func repoRoot() string {
	pwd := os.Getenv("GITHUB_WORKSPACE")
	if pwd == "" {
		pwd = "/home/runner/work/orders/orders"
	}
	return filepath.Clean(pwd)
}

func outputDir() string {
	pwd, _ := os.Getwd()
	return filepath.Join(pwd, "dist")
}
