package vaultkv

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/vault/api"

	"github.com/secretlint-go/secretlint/remediate"
)

// Mount returns the KV v2 mount path, without slashes.
func (s *Store) Mount() string { return s.mount }

// Describe implements remediate.Inspector from the path's metadata
// (MOUNT/metadata/NAME), which holds no value: whether the current
// version is deleted or destroyed, when it was written, and the custom
// metadata of the audit trail.
func (s *Store) Describe(ctx context.Context, name string) (remediate.Description, error) {
	if err := remediate.ValidateName(name); err != nil {
		return remediate.Description{}, err
	}
	md, err := s.kv.GetMetadata(ctx, name)
	if err != nil {
		if errors.Is(err, api.ErrSecretNotFound) {
			return remediate.Description{}, &remediate.Error{Kind: "vault", Op: "describe", Name: name, Err: remediate.ErrNotFound}
		}
		return remediate.Description{}, s.fail(ctx, "describe", name, err)
	}
	if md == nil {
		return remediate.Description{}, &remediate.Error{Kind: "vault", Op: "describe", Name: name, Err: remediate.ErrNotFound}
	}
	d := remediate.Description{Name: name, Trail: map[string]string{}, LastChanged: md.UpdatedTime}
	for k, v := range md.CustomMetadata {
		if str, ok := v.(string); ok {
			d.Trail[k] = str
		}
	}
	d.Managed = d.Trail[MetaManagedBy] == "secretlint"
	if v, ok := md.Versions[strconv.Itoa(md.CurrentVersion)]; ok {
		if !v.CreatedTime.IsZero() {
			d.LastChanged = v.CreatedTime
		}
		switch {
		case v.Destroyed:
			d.PendingDeletion, d.Detail = true, fmt.Sprintf("current version %d is destroyed", md.CurrentVersion)
		case !v.DeletionTime.IsZero() && !v.DeletionTime.After(time.Now()):
			d.PendingDeletion, d.Detail = true, fmt.Sprintf("current version %d is deleted", md.CurrentVersion)
		}
	}
	return d, nil
}

// ListManaged implements remediate.Inspector: a recursive LIST of
// MOUNT/metadata/PREFIX, keeping the paths whose custom metadata says
// managed-by=secretlint.
func (s *Store) ListManaged(ctx context.Context, prefix string) ([]string, error) {
	var names []string
	var walk func(dir string) error
	walk = func(dir string) error {
		sec, err := s.client.Logical().ListWithContext(ctx, s.mount+"/metadata/"+dir)
		if err != nil {
			return s.fail(ctx, "list", dir, err)
		}
		if sec == nil || sec.Data == nil {
			return nil
		}
		keys, _ := sec.Data["keys"].([]any)
		for _, k := range keys {
			ks, _ := k.(string)
			if ks == "" {
				continue
			}
			child := strings.TrimPrefix(dir+"/"+ks, "/")
			if strings.HasSuffix(ks, "/") {
				if err := walk(strings.TrimSuffix(child, "/")); err != nil {
					return err
				}
				continue
			}
			d, err := s.Describe(ctx, child)
			if errors.Is(err, remediate.ErrNotFound) || errors.Is(err, remediate.ErrInvalid) {
				continue
			}
			if err != nil {
				return err
			}
			if d.Managed {
				names = append(names, child)
			}
		}
		return nil
	}
	if err := walk(strings.Trim(prefix, "/")); err != nil {
		return nil, err
	}
	slices.Sort(names)
	return names, nil
}

// PutPolicy writes an ACL policy (sys/policies/acl/NAME).
func (s *Store) PutPolicy(ctx context.Context, name, hcl string) error {
	if err := s.client.Sys().PutPolicyWithContext(ctx, name, hcl); err != nil {
		return s.fail(ctx, "write policy", name, err)
	}
	return nil
}

// DeletePolicy removes an ACL policy; a missing one is no error.
func (s *Store) DeletePolicy(ctx context.Context, name string) error {
	if err := s.client.Sys().DeletePolicyWithContext(ctx, name); err != nil {
		return s.fail(ctx, "delete policy", name, err)
	}
	return nil
}
