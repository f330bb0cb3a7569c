package awssm

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/secretlint-go/secretlint/remediate"
)

// Describe implements remediate.Inspector with DescribeSecret: the ARN,
// deletion, rotation and the audit-trail tags, never a value.
func (s *Store) Describe(ctx context.Context, name string) (remediate.Description, error) {
	if err := remediate.ValidateName(name); err != nil {
		return remediate.Description{}, err
	}
	out, err := s.api.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	if err != nil {
		return remediate.Description{}, s.fail(ctx, "describe", name, err)
	}
	d := remediate.Description{
		Name:     name,
		ARN:      aws.ToString(out.ARN),
		Region:   arnRegion(aws.ToString(out.ARN)),
		KMSKeyID: aws.ToString(out.KmsKeyId),
		Trail:    tagMap(out.Tags),
	}
	d.Managed = d.Trail[TagManagedBy] == "secretlint"
	if out.DeletedDate != nil {
		d.PendingDeletion = true
		d.Detail = "scheduled for deletion on " + out.DeletedDate.UTC().Format("2006-01-02")
	}
	enabled := aws.ToBool(out.RotationEnabled)
	d.RotationEnabled = &enabled
	if out.LastRotatedDate != nil {
		d.LastRotated = *out.LastRotatedDate
	}
	if out.LastChangedDate != nil {
		d.LastChanged = *out.LastChangedDate
	}
	return d, nil
}

// ListManaged implements remediate.Inspector with ListSecrets, filtered on
// the managed-by tag and the name prefix (the filters are applied again
// here: emulators ignore them). Secrets scheduled for deletion are
// included.
func (s *Store) ListManaged(ctx context.Context, prefix string) ([]string, error) {
	in := &secretsmanager.ListSecretsInput{
		IncludePlannedDeletion: aws.Bool(true),
		Filters:                []types.Filter{{Key: types.FilterNameStringTypeTagKey, Values: []string{TagManagedBy}}},
	}
	if prefix != "" {
		in.Filters = append(in.Filters, types.Filter{Key: types.FilterNameStringTypeName, Values: []string{prefix}})
	}
	var names []string
	for p := secretsmanager.NewListSecretsPaginator(s.api, in); p.HasMorePages(); {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, s.fail(ctx, "list", prefix, err)
		}
		for _, e := range out.SecretList {
			n := aws.ToString(e.Name)
			if strings.HasPrefix(n, prefix) && tagMap(e.Tags)[TagManagedBy] == "secretlint" {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

func tagMap(tags []types.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// arnRegion returns the region field of an ARN.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[3]
}

// tagValue keeps a tag value within AWS's 256 characters of the allowed
// set (see SourceTagValue).
func tagValue(v string) string {
	return SourceTagValue([]string{v})
}
