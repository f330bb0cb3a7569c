package remediate

import (
	"github.com/secretlint-go/secretlint/finding"
)

// cloudFormationConsumer is AWS CloudFormation: a template value becomes a
// {{resolve:secretsmanager:NAME:SecretString:KEY}} dynamic reference,
// which CloudFormation resolves when it creates or updates the stack.
type cloudFormationConsumer struct{ yamlSyntax }

func (cloudFormationConsumer) name() string { return "cloudformation" }

func (cloudFormationConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return isYAMLFile(f) && f.Meta["format"] == "cloudformation"
}

func (cloudFormationConsumer) needs(*planEnv) string {
	return "CloudFormation resolves the dynamic reference at deploy time; the stack's role needs " +
		"secretsmanager:GetSecretValue on the secret. A literal SecretString of an AWS::SecretsManager::Secret now resolves " +
		"from the store; better still, replace it with GenerateSecretString (SecretStringTemplate for the other keys), " +
		"which generates a new value, so rotate what used the old one"
}

func (cloudFormationConsumer) prepare(f *finding.Finding, o *planEnv) (string, string, string) {
	if o.backend != "aws" {
		return "", StatusNotRewritable, "CloudFormation resolves only {{resolve:secretsmanager:…}} (and SSM) dynamic references, not Vault; use --backend aws for this template"
	}
	return EditCFNResolve, "", ""
}

func (cloudFormationConsumer) envVar(*finding.Finding, string, binding) string { return "" }

func (cloudFormationConsumer) shape(_ string, b binding) editRequest {
	return editRequest{replace: cfnResolve(b.secret, b.key), inner: true, quote: quoteKeep}
}
