package memstore

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/remediate"
)

var _ remediate.Inspector = (*Store)(nil)

// Mount returns the emulated Vault mount.
func (s *Store) Mount() string { return s.mount }

// Describe implements remediate.Inspector. A secret written through
// Write is managed (tagged managed-by=secretlint) and carries its Meta as
// the audit trail; Put seeds an unmanaged one. In the "aws" kind, ARN is
// arn:aws:secretsmanager:us-east-1:000000000000:secret:NAME-xxxxxx and
// rotation is disabled unless SetRotation says otherwise.
func (s *Store) Describe(ctx context.Context, name string) (remediate.Description, error) {
	if err := ctx.Err(); err != nil {
		return remediate.Description{}, s.err("describe", name, "", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.secrets[name]
	if sec == nil {
		return remediate.Description{}, s.err("describe", name, "", remediate.ErrNotFound)
	}
	d := remediate.Description{
		Name:            name,
		Managed:         sec.managed,
		PendingDeletion: sec.deleted,
		LastRotated:     sec.lastRotated,
		LastChanged:     sec.versions[len(sec.versions)-1].created,
		Trail:           map[string]string{},
	}
	if sec.deleted {
		d.Detail = "deleted"
	}
	if sec.managed {
		d.Trail[remediate.TrailManagedBy] = "secretlint"
		if len(sec.meta.Sources) > 0 {
			d.Trail[remediate.TrailSource] = strings.Join(sec.meta.Sources, ", ")
		}
		maps.Copy(d.Trail, remediate.TrailOf(sec.meta))
	}
	if s.kind == "aws" {
		d.ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-" + suffix(name)
		d.Region = "us-east-1"
		enabled := sec.rotation != nil && *sec.rotation
		d.RotationEnabled = &enabled
	}
	return d, nil
}

// suffix is a stable six-letter stand-in for AWS's random ARN suffix.
func suffix(name string) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	h := uint32(2166136261)
	for i := range len(name) {
		h = (h ^ uint32(name[i])) * 16777619
	}
	b := make([]byte, 6)
	for i := range b {
		b[i] = letters[h%uint32(len(letters))]
		h /= uint32(len(letters))
		h += uint32(i) * 7919
	}
	return string(b)
}

// ListManaged implements remediate.Inspector.
func (s *Store) ListManaged(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, s.err("list", prefix, "", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for name, sec := range s.secrets {
		if sec.managed && strings.HasPrefix(name, prefix) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

// SetRotation sets the rotation state Describe reports.
func (s *Store) SetRotation(name string, enabled bool, lastRotated time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.secrets[name]; sec != nil {
		sec.rotation, sec.lastRotated = &enabled, lastRotated
	}
}

// SetChanged sets when the current version was written.
func (s *Store) SetChanged(name string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.secrets[name]; sec != nil {
		sec.versions[len(sec.versions)-1].created = t
	}
}

// ScheduleDeletion marks name as pending deletion (AWS DeletedDate, or a
// deleted current Vault version).
func (s *Store) ScheduleDeletion(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.secrets[name]; sec != nil {
		sec.deleted = true
	}
}

// Untag removes the managed-by tag and the audit trail of name.
func (s *Store) Untag(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.secrets[name]; sec != nil {
		sec.managed = false
	}
}

// Remove deletes name and all its versions.
func (s *Store) Remove(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.secrets, name)
}
