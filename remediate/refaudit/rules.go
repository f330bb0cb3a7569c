package refaudit

import (
	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// Rule IDs of `secretlint refs`.
const (
	RuleDangling          = "dangling-reference"
	RulePendingDeletion   = "secret-pending-deletion"
	RuleRotationDisabled  = "rotation-disabled"
	RuleRotationOverdue   = "rotation-overdue"
	RuleUnused            = "unused-secret"
	RuleOverbroadPolicy   = "overbroad-policy"
	RuleMissingAuditTrail = "missing-audit-trail"
)

// Rules are the rules of `secretlint refs`, for reports and help.
var Rules = []*rules.Rule{
	{ID: RuleDangling, Title: "dangling secret reference", Severity: finding.SeverityHigh, Source: "secretlint", Scope: "refs",
		Description: "A reference names a secret, version or key that does not exist in the store: a deploy would fail or read an empty value.",
		Help:        "Restore the secret or key in the store, or point the reference at the one that exists. Keys are only checked with --check-keys, which reads the secrets (the values stay in memory)."},
	{ID: RulePendingDeletion, Title: "secret pending deletion", Severity: finding.SeverityHigh, Source: "secretlint", Scope: "refs",
		Description: "A referenced secret is scheduled for deletion (AWS DeletedDate) or its current Vault version is deleted or destroyed.",
		Help:        "Restore it (aws secretsmanager restore-secret, vault kv undelete) or stop referencing it before it disappears."},
	{ID: RuleRotationDisabled, Title: "secret rotation disabled", Severity: finding.SeverityMedium, Source: "secretlint", Scope: "refs",
		Description: "A referenced AWS secret has rotation disabled (RotationEnabled is false).",
		Help:        "Configure rotation (aws secretsmanager rotate-secret --rotation-rules), or rotate by hand and raise --max-age accordingly."},
	{ID: RuleRotationOverdue, Title: "secret rotation overdue", Severity: finding.SeverityMedium, Source: "secretlint", Scope: "refs",
		Description: "A referenced secret was last rotated or changed longer ago than --max-age (default 90 days; Vault: the current version's time).",
		Help:        "Rotate the secret: write a new value to the store and revoke the old one where it was issued."},
	{ID: RuleUnused, Title: "unused managed secret", Severity: finding.SeverityLow, Source: "secretlint", Scope: "refs",
		Description: "A secret that remediation manages (managed-by=secretlint, under the prefix) is referenced nowhere in the tree.",
		Help:        "Delete it from the store once no deployment outside this tree uses it; its secretlint-source tag or metadata says where it came from."},
	{ID: RuleOverbroadPolicy, Title: "overbroad access policy", Severity: finding.SeverityMedium, Source: "secretlint", Scope: "refs",
		Description: "A policy under .secretlint/policies grants more than the references of its scope need.",
		Help:        "Grant read on exactly the secrets the scope references (remediate --apply writes such policies); no wildcards wider than one secret, no other actions."},
	{ID: RuleMissingAuditTrail, Title: "secret without audit trail", Severity: finding.SeverityLow, Source: "secretlint", Scope: "refs",
		Description: "A referenced secret under the managed prefix lacks managed-by=secretlint and the trail of its move (source, rule, plan, time).",
		Help:        "Restore its tags (AWS) or custom metadata (Vault); the journal of the run names the plan and the sources."},
}

// Rule returns the rule with id, or nil.
func Rule(id string) *rules.Rule {
	for _, r := range Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}
