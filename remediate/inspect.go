package remediate

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Inspector is implemented by stores that can describe a secret without
// reading its values: `secretlint refs` checks references with it, and
// the policy writer takes the AWS ARN (with its random suffix) from it.
// Describe and ListManaged never read a value (AWS: DescribeSecret and
// ListSecrets, never GetSecretValue; Vault: the metadata endpoint).
type Inspector interface {
	// Describe returns what the store knows about name, or an error
	// matching ErrNotFound when there is no such secret.
	Describe(ctx context.Context, name string) (Description, error)
	// ListManaged returns the names under prefix ("" for all) of the
	// secrets tagged managed-by=secretlint, sorted.
	ListManaged(ctx context.Context, prefix string) ([]string, error)
}

// Description is a secret's metadata, without values.
type Description struct {
	Name string
	// ARN is the full ARN of an AWS secret, with its random suffix.
	ARN string
	// Region is the AWS region of the secret, from its ARN.
	Region string
	// KMSKeyID is the KMS key the store reports for the secret (AWS).
	KMSKeyID string
	// PendingDeletion: AWS DeletedDate is set, or the current Vault
	// version is deleted or destroyed. Detail says which.
	PendingDeletion bool
	Detail          string
	// RotationEnabled is nil for stores without managed rotation (Vault).
	RotationEnabled *bool
	// LastRotated is the last rotation (AWS LastRotatedDate); LastChanged
	// the last change of the value (AWS LastChangedDate, Vault the
	// created_time of the current version, else updated_time).
	LastRotated time.Time
	LastChanged time.Time
	// Managed is true when the secret carries managed-by=secretlint.
	Managed bool
	// Trail is the audit trail of the move (AWS tags, Vault custom
	// metadata): the keys named by the Trail* constants.
	Trail map[string]string
}

// Audit trail keys, the same as AWS tag keys and Vault custom metadata
// keys: where the values came from, which rules found them, which plan
// moved them and when. They never hold a value.
const (
	TrailManagedBy = "managed-by"
	TrailSource    = "secretlint-source"
	TrailRule      = "secretlint-rule"
	TrailPlan      = "secretlint-plan"
	TrailMovedAt   = "secretlint-moved-at"
)

// TrailOf returns the audit-trail entries of meta besides managed-by and
// the sources, which each store spells in its own way.
func TrailOf(meta Meta) map[string]string {
	out := map[string]string{}
	if meta.PlanID != "" {
		out[TrailPlan] = meta.PlanID
	}
	if len(meta.Rules) > 0 {
		out[TrailRule] = strings.Join(meta.Rules, " ")
	}
	if !meta.MovedAt.IsZero() {
		out[TrailMovedAt] = meta.MovedAt.UTC().Format(time.RFC3339)
	}
	return out
}

// moveMeta is the Meta of a secret moved by plan p: its sources, the rules
// of the edits that reference it, the plan id and the time of the move.
func moveMeta(p *Plan, secret string, sources []string, now time.Time) Meta {
	var ruleIDs []string
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			if e.Secret == secret && e.RuleID != "" && !slices.Contains(ruleIDs, e.RuleID) {
				ruleIDs = append(ruleIDs, e.RuleID)
			}
		}
	}
	slices.Sort(ruleIDs)
	return Meta{
		Sources:     sources,
		Description: "moved out of source by secretlint remediate (plan " + p.ID + ")",
		PlanID:      p.ID,
		Rules:       ruleIDs,
		MovedAt:     now.UTC().Truncate(time.Second),
	}
}
