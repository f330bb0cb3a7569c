// Package release publishes release notes to the GitHub mirror and Vault.
package release

import (
	"net/http"
	"strings"
)

// GitHub creates a release on the public SDK mirror.
func GitHub(tag, body string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, "https://api.github.com/repos/medora-care/booking-sdk/releases", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	bearer := "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"
	req.Header.Set("Authorization", "token "+bearer)
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	return req, nil
}

// RecordVersion writes the deployed version into Vault.
func RecordVersion(version string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, "https://vault.medora-care.net/v1/secret/data/booking/release", strings.NewReader(`{"data":{"version":"`+version+`"}}`))
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Vault-Token", "hvs.ufmdKCtmXCxSy9L6WSD_mCQaFygpYEtevo5stf1BychQag1UjaEjVRSUlOVcWyKv6o-oKmGmQs-_bNCTo1IZY4GThaE")
	return req, nil
}

// commitSHA is stamped by the linker; the default is a well-known empty tree.
var commitSHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// Commit returns the build commit.
func Commit() string { return commitSHA }
