package refaudit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
)

// OpenStore connects to the store of a backend: for "aws" in a region
// ("" for the default), for "vault" at a mount ("" for the default).
type OpenStore func(ctx context.Context, backend, where string) (remediate.Store, error)

// Options configure Run.
type Options struct {
	// Root is the tree; Paths narrow it (relative to Root).
	Root  string
	Paths []string
	// Open connects to stores; Backend is the default store's kind, used
	// for unused-secret and for references whose store is unknown.
	Open    OpenStore
	Backend string
	// Mount is the default Vault mount (default "secret").
	Mount string
	// EnvFileName is the env map name (default remediate.DefaultEnvFileName).
	EnvFileName string
	// Prefix is the managed prefix for unused-secret and
	// missing-audit-trail (default remediate.DefaultPrefix).
	Prefix string
	// CheckKeys reads each referenced secret to check its keys; without
	// it no value is read.
	CheckKeys bool
	// MaxAge is the rotation-overdue threshold (default 90 days).
	MaxAge time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Salt is the fingerprint salt.
	Salt string
}

// Result is what Run found.
type Result struct {
	References []Reference
	Findings   []finding.Finding
	// Policies counts the policy files checked.
	Policies int
}

// ErrStore wraps a failure to reach or use a store: the audit cannot say
// "clean", so the command exits 2.
var ErrStore = errors.New("store unreachable or refused the request")

type storeKey struct{ backend, where string }

type auditor struct {
	o      Options
	stores map[storeKey]remediate.Store
	descs  map[string]descResult
	reads  map[string]readResult
	res    *Result
}

type descResult struct {
	d   remediate.Description
	err error
}

type readResult struct {
	e   remediate.Entry
	err error
}

// Run finds every reference under the tree and checks it against its
// store. An error that is not a finding (a store that cannot be reached,
// a credential refused) is returned wrapping ErrStore.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 90 * 24 * time.Hour
	}
	if o.Prefix == "" {
		o.Prefix = remediate.DefaultPrefix
	}
	if o.Mount == "" {
		o.Mount = "secret"
	}
	t, err := LoadTree(o.Root, o.Paths)
	if err != nil {
		return nil, err
	}
	t.Mount, t.EnvFileName = o.Mount, o.EnvFileName
	a := &auditor{o: o, stores: map[storeKey]remediate.Store{}, descs: map[string]descResult{}, reads: map[string]readResult{}, res: &Result{}}
	a.res.References = Find(t)
	for _, r := range a.res.References {
		if err := a.check(ctx, r); err != nil {
			return nil, err
		}
	}
	if err := a.unused(ctx); err != nil {
		return nil, err
	}
	if err := a.policies(ctx); err != nil {
		return nil, err
	}
	finding.Sort(a.res.Findings)
	return a.res, nil
}

// backendOf resolves the default backend of a reference.
func (a *auditor) backendOf(r Reference) (backend, where string) {
	backend = r.Backend
	if backend == "" {
		backend = a.o.Backend
	}
	if backend == "vault" {
		where = r.Mount
		if where == "" {
			where = a.o.Mount
		}
	} else {
		where = r.Region
	}
	return backend, where
}

func (a *auditor) store(ctx context.Context, backend, where string) (remediate.Store, error) {
	k := storeKey{backend, where}
	if st, ok := a.stores[k]; ok {
		return st, nil
	}
	if a.o.Open == nil {
		return nil, fmt.Errorf("no %s store configured: %w", backend, ErrStore)
	}
	st, err := a.o.Open(ctx, backend, where)
	if err != nil {
		return nil, fmt.Errorf("connecting to the %s store: %w: %w", backend, err, ErrStore)
	}
	a.stores[k] = st
	return st, nil
}

func (a *auditor) describe(ctx context.Context, st remediate.Store, backend, where, name string) (remediate.Description, error) {
	k := backend + "\x00" + where + "\x00" + name
	if c, ok := a.descs[k]; ok {
		return c.d, c.err
	}
	ins, ok := st.(remediate.Inspector)
	if !ok {
		return remediate.Description{}, fmt.Errorf("the %s store cannot describe secrets: %w", backend, ErrStore)
	}
	d, err := ins.Describe(ctx, name)
	if err != nil && !errors.Is(err, remediate.ErrNotFound) && !errors.Is(err, remediate.ErrInvalid) {
		return d, fmt.Errorf("describing %s: %w: %w", name, err, ErrStore)
	}
	a.descs[k] = descResult{d, err}
	return d, err
}

func (a *auditor) read(ctx context.Context, st remediate.Store, backend, where, name string) (remediate.Entry, error) {
	k := backend + "\x00" + where + "\x00" + name
	if c, ok := a.reads[k]; ok {
		return c.e, c.err
	}
	e, err := st.Read(ctx, name)
	if err != nil && !errors.Is(err, remediate.ErrNotFound) && !errors.Is(err, remediate.ErrInvalid) {
		return e, fmt.Errorf("reading %s: %w: %w", name, err, ErrStore)
	}
	a.reads[k] = readResult{e, err}
	return e, err
}

func (a *auditor) add(rule string, r Reference, msg string) {
	rl := Rule(rule)
	f := finding.Finding{
		RuleID: rule, Description: rl.Description, Message: msg, Severity: rl.Severity,
		File: r.File, Line: max(r.Line, 1), Column: max(r.Column, 1), EndLine: max(r.Line, 1), EndColumn: max(r.Column, 1),
		Offset: r.Offset, EndOffset: r.End, KeyPath: r.Text,
		Meta: map[string]string{"ref.form": r.Form},
	}
	if r.Text != "" && r.End > r.Offset {
		f.EndColumn = f.Column + (r.End - r.Offset)
	}
	if r.Name != "" {
		f.Meta["ref.secret"] = r.Name
	}
	f.Fingerprint = finding.Fingerprint(a.o.Salt, rule, r.File, finding.NewSecret(r.Text+"\x00"+r.Name+"\x00"+r.Key))
	a.res.Findings = append(a.res.Findings, f)
}

// what names the secret of r in messages.
func what(r Reference) string {
	s := r.Name
	if r.Key != "" {
		s += "#" + r.Key
	}
	if r.Via != "" {
		s += " (via " + r.Via + ")"
	}
	return s
}

func (a *auditor) check(ctx context.Context, r Reference) error {
	if r.Problem != "" {
		a.add(RuleDangling, r, r.Problem)
		return nil
	}
	if r.Derived {
		return nil
	}
	backend, where := a.backendOf(r)
	if backend == "" {
		return nil // no store to check against (an ExternalSecret without store and no --backend)
	}
	st, err := a.store(ctx, backend, where)
	if err != nil {
		return err
	}
	d, err := a.describe(ctx, st, backend, where, r.Name)
	switch {
	case errors.Is(err, remediate.ErrNotFound):
		a.add(RuleDangling, r, fmt.Sprintf("secret %s does not exist in the %s store", r.Name, backend))
		return nil
	case errors.Is(err, remediate.ErrInvalid):
		a.add(RuleDangling, r, fmt.Sprintf("%s is not a secret name the %s store can hold", r.Name, backend))
		return nil
	case err != nil:
		return err
	}
	if d.PendingDeletion {
		a.add(RulePendingDeletion, r, fmt.Sprintf("secret %s is %s", r.Name, cmpOr(d.Detail, "pending deletion")))
	} else if a.o.CheckKeys && r.Key != "" {
		e, err := a.read(ctx, st, backend, where, r.Name)
		switch {
		case err != nil:
			if err := fatal(err); err != nil {
				return err
			}
			a.add(RuleDangling, r, fmt.Sprintf("secret %s cannot be read: %s", r.Name, errors.Unwrap(err)))
		default:
			if _, ok := e.Values[r.Key]; !ok {
				a.add(RuleDangling, r, fmt.Sprintf("secret %s has no key %q", r.Name, r.Key))
			}
		}
	}
	if d.RotationEnabled != nil && !*d.RotationEnabled {
		a.add(RuleRotationDisabled, r, fmt.Sprintf("secret %s has rotation disabled", what(r)))
	}
	last := d.LastChanged
	if d.LastRotated.After(last) {
		last = d.LastRotated
	}
	if !last.IsZero() {
		if age := a.o.Now().Sub(last); age > a.o.MaxAge {
			a.add(RuleRotationOverdue, r, fmt.Sprintf("secret %s was last rotated or changed %d days ago (%s), over --max-age %d days",
				r.Name, int(age.Hours()/24), last.UTC().Format("2006-01-02"), int(a.o.MaxAge.Hours()/24)))
		}
	}
	if underPrefix(r.Name, a.o.Prefix) && (!d.Managed || d.Trail[remediate.TrailSource] == "") {
		missing := []string{}
		if !d.Managed {
			missing = append(missing, remediate.TrailManagedBy+"=secretlint")
		}
		if d.Trail[remediate.TrailSource] == "" {
			missing = append(missing, remediate.TrailSource)
		}
		a.add(RuleMissingAuditTrail, r, fmt.Sprintf("secret %s under the managed prefix %s lacks %s", r.Name, a.o.Prefix, strings.Join(missing, " and ")))
	}
	return nil
}

func fatal(err error) error {
	if errors.Is(err, ErrStore) {
		return err
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func underPrefix(name, prefix string) bool {
	return prefix == "" || name == prefix || strings.HasPrefix(name, strings.TrimSuffix(prefix, "/")+"/")
}

// unused reports managed secrets under the prefix that no reference uses,
// in the default store and in every store a reference reached.
func (a *auditor) unused(ctx context.Context) error {
	used := map[storeKey]map[string]bool{}
	for _, r := range a.res.References {
		if r.Problem != "" || r.Name == "" {
			continue
		}
		b, w := a.backendOf(r)
		k := storeKey{b, w}
		if used[k] == nil {
			used[k] = map[string]bool{}
		}
		used[k][r.Name] = true
	}
	keys := map[storeKey]bool{}
	for k := range used {
		keys[k] = true
	}
	if a.o.Backend != "" {
		k := storeKey{a.o.Backend, ""}
		if a.o.Backend == "vault" {
			k.where = a.o.Mount
		}
		keys[k] = true
	}
	for _, k := range slices.SortedFunc(maps.Keys(keys), func(x, y storeKey) int {
		return strings.Compare(x.backend+"\x00"+x.where, y.backend+"\x00"+y.where)
	}) {
		if k.backend == "" {
			continue
		}
		st, err := a.store(ctx, k.backend, k.where)
		if err != nil {
			return err
		}
		ins, ok := st.(remediate.Inspector)
		if !ok {
			continue
		}
		names, err := ins.ListManaged(ctx, strings.TrimSuffix(a.o.Prefix, "/")+"/")
		if err != nil {
			return fmt.Errorf("listing the managed secrets: %w: %w", err, ErrStore)
		}
		for _, n := range names {
			if used[k][n] || usedElsewhere(used, k, n) {
				continue
			}
			d, err := a.describe(ctx, st, k.backend, k.where, n)
			if err != nil {
				continue
			}
			file, _, _ := strings.Cut(d.Trail[remediate.TrailSource], ",")
			file, _, _ = strings.Cut(strings.TrimSpace(file), " ")
			if file == "" {
				file = "."
			}
			a.add(RuleUnused, Reference{File: file, Line: 1, Column: 1, Name: n, Text: k.backend + ":" + n},
				fmt.Sprintf("managed secret %s is referenced nowhere in the tree (moved from %s)", n, file))
		}
	}
	return nil
}

// usedElsewhere: a reference whose region was the default ("") and the
// listing's store are the same AWS store.
func usedElsewhere(used map[storeKey]map[string]bool, k storeKey, name string) bool {
	for uk, names := range used {
		if uk.backend == k.backend && (uk.where == "" || k.where == "") && names[name] {
			return true
		}
	}
	return false
}
