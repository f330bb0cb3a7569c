package remediate_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/remediate"
)

// cfnDynamicRef is a CloudFormation dynamic reference to a Secrets Manager
// secret's JSON key.
var cfnDynamicRef = regexp.MustCompile(`\{\{resolve:secretsmanager:([^:}]+):SecretString:([^:}]+)\}\}`)

// TestCloudFormationConsumer proves the CloudFormation rewrite by
// resolving its dynamic references as CloudFormation does at deploy time
// (the secret's JSON key, from the store): every scalar of the template
// reads as in the original. The plan offers GenerateSecretString for a
// literal SecretString and says it changes the value; with Vault the
// template is left, with the reason.
func TestCloudFormationConsumer(t *testing.T) {
	cr := runConsumer(t, "../testdata/remediate/consumers/cloudformation", "aws", remediate.PlanOptions{})
	n, left := cr.moved()
	t.Logf("moved %d of %d findings; left: %q", n, len(cr.findings), left)
	if len(left) > 0 || n != len(cr.findings) || n != 2 {
		t.Errorf("moved %d of %d findings (want 2); left: %q", n, len(cr.findings), left)
	}
	if len(cr.plan.Files) != 1 || cr.plan.Files[0].Consumer != "cloudformation" {
		t.Fatalf("files %+v, want template.yaml for cloudformation", cr.plan.Files)
	}
	needs := cr.plan.Files[0].Needs
	for _, want := range []string{"GenerateSecretString", "SecretStringTemplate", "new value"} {
		if !strings.Contains(needs, want) {
			t.Errorf("the plan's needs do not mention %q: %q", want, needs)
		}
	}
	rewritten := cr.read(t, "template.yaml")
	var failed bool
	resolved := cfnDynamicRef.ReplaceAllStringFunc(rewritten, func(ref string) string {
		m := cfnDynamicRef.FindStringSubmatch(ref)
		e, err := cr.store.Read(t.Context(), m[1])
		v, ok := e.Values[m[2]]
		if err != nil || !ok {
			failed = true
			t.Errorf("%s does not resolve: %v", ref, err)
		}
		return v
	})
	if n := len(cfnDynamicRef.FindAllString(rewritten, -1)); n != 2 {
		t.Errorf("%d dynamic references, want 2", n)
	}
	if !failed {
		want, got := springYAMLProps(t, cr.orig["template.yaml"]), springYAMLProps(t, resolved)
		same := len(got) == len(want)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s resolves to another value", k)
				same = false
			}
		}
		if same {
			t.Log("cloudformation: 1 of 1 rewritten templates resolves to the original")
		}
	}
	cr.finish(t, "../testdata/remediate/consumers/cloudformation/golden")

	root := copyTree(t, "../testdata/remediate/consumers/cloudformation")
	p, err := remediate.NewPlan(t.Context(), realScan(t, root), remediate.PlanOptions{Root: root, Refs: remediate.RefSyntax{Backend: "vault"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 0 || len(p.Skipped) != 2 || !strings.Contains(p.Skipped[0].Reason, "not Vault") {
		t.Errorf("vault: %d files, skipped %+v; want the template left because CloudFormation does not read Vault", len(p.Files), p.Skipped)
	}
}
