package secretref_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBackendsStaySeparate checks the opt-out that the package documents:
// the core links no cloud SDK, and each backend links only its own.
func TestBackendsStaySeparate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/secretlint-go/secretlint/"
	tests := []struct {
		pkg     string
		forbid  []string
		require []string
	}{
		{pkg: mod + "secretref", forbid: []string{"github.com/aws/", "github.com/hashicorp/", mod + "remediate"}},
		{pkg: mod + "secretref/awssecrets", forbid: []string{"github.com/hashicorp/", mod + "remediate"}, require: []string{"github.com/aws/aws-sdk-go-v2/service/secretsmanager"}},
		{pkg: mod + "secretref/vault", forbid: []string{"github.com/aws/", mod + "remediate"}, require: []string{"github.com/hashicorp/vault/api"}},
		// The analyzers (and so the golangci-lint plugin) stay free of the
		// runtime's backends and of every cloud SDK.
		{pkg: mod + "analyzers", forbid: []string{mod + "secretref", "github.com/aws/", "github.com/hashicorp/vault", mod + "remediate"}},
	}
	for _, tt := range tests {
		out, err := exec.Command("go", "list", "-deps", tt.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", tt.pkg, err)
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			for _, f := range tt.forbid {
				if strings.HasPrefix(d, f) {
					t.Errorf("%s depends on %s", tt.pkg, d)
				}
			}
		}
		for _, r := range tt.require {
			found := false
			for _, d := range deps {
				found = found || d == r
			}
			if !found {
				t.Errorf("%s does not depend on %s", tt.pkg, r)
			}
		}
	}
}
