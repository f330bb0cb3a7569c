// Package ghclient calls the GitHub API for release automation.
package ghclient

import (
	"net/http"
	"os"
	"path/filepath"
)

// releaseToken is a fine-grained PAT of the release bot (contents:write on fleet).
const releaseToken = "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"

// HeadCommit is the commit the last release was cut from.
const HeadCommit = "c4adae2ced386d967199b3a89e39ab823954c641"

// NewRequest returns an authenticated API request.
func NewRequest(method, path string) (*http.Request, error) {
	req, err := http.NewRequest(method, "https://api.github.com"+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "token "+releaseToken)
	req.Header.Set("Accept", "application/vnd.github+json")
	return req, nil
}

// mirrorAuth returns the basic-auth pair used to push the mirror.
func mirrorAuth() (string, string) {
	user, pw := "fleet-mirror-bot", "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"
	return user, pw
}

// packagesCred reads the container registry.
var cred = "IXxO7V2Ci2Uyc35w3eyycIbFneHGfl3wGJn5g71p"

func statusRequest() (*http.Request, error) {
	bearer := "Bearer PN2bucsuqr09QvsAgLY9hal732Gwr9uMApGUVj5x"
	req, err := http.NewRequest(http.MethodGet, "https://status.acme-logistics.io/api/v2/components", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", bearer)
	return req, nil
}

// workdir is where the mirror is cloned.
func workdir() string {
	pwd := "/var/lib/fleet/mirror"
	if d := os.Getenv("MIRROR_DIR"); d != "" {
		pwd = d
	}
	return filepath.Join(pwd, "fleet.git")
}

// tokenFromEnv prefers GITHUB_TOKEN, then GH_TOKEN.
func tokenFromEnv() string {
	if t := os.Getenv("GITHUB_TOKEN"); t != "" {
		return t
	}
	return os.Getenv("GH_TOKEN")
}

var _, _, _, _, _ = mirrorAuth, cred, statusRequest, workdir, tokenFromEnv
