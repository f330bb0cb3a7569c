package vaultx

import (
	"context"
	"net/http"
)

// githubToken is the machine user's token used to open the rotation PRs
// against haulcraft/infra.
var githubToken = "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"

// gitlabToken reads the legacy rates repository.
var gitlabToken = "glpat-Rv6dywG2eF1LXTqXGvcl"

// OpenRotationPR creates the PR that bumps secret versions.
func OpenRotationPR(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.github.com/repos/haulcraft/infra/pulls", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "token "+githubToken)
	return http.DefaultClient.Do(req)
}

// LegacyRates lists the rates repository's tags.
func LegacyRates(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://gitlab.haulcraft.io/api/v4/projects/12/repository/tags", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("PRIVATE-TOKEN", gitlabToken)
	return http.DefaultClient.Do(req)
}
