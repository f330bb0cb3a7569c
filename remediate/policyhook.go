package remediate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// PolicyDir is where the read policies of each run are written, relative
// to the root: PolicyDir/<plan-id>/<scope>.<kind>. They hold names, ARNs
// and paths, never a value.
const PolicyDir = ".secretlint/policies"

// Policy is one access policy written by a run.
type Policy struct {
	// Path is slash-separated and relative to the root, under PolicyDir.
	Path    string
	Content []byte
	// Published names the policy in the store (Vault
	// sys/policies/acl/NAME) when it is also written there.
	Published string
	// Note is shown in the run's summary (for example: the policy belongs
	// to an External Secrets store's role).
	Note string
}

// PolicyWriter makes the read policies of a run (package remediate/policy
// implements it) and publishes them to the store when asked to.
type PolicyWriter interface {
	// Policies returns the policies for what rep says was moved.
	Policies(ctx context.Context, p *Plan, rep *Report, st Store) ([]Policy, error)
	// Publish writes pol to the store under pol.Published; Unpublish
	// removes it.
	Publish(ctx context.Context, st Store, pol Policy) error
	Unpublish(ctx context.Context, st Store, name string) error
}

// writePolicies writes the run's policies (end of Apply and Resume), each
// journaled so that Rollback removes it.
func (a *applier) writePolicies(ctx context.Context) error {
	if a.o.Policies == nil {
		return nil
	}
	pols, err := a.o.Policies.Policies(ctx, a.p, a.rep, a.o.Store)
	if err != nil {
		return fmt.Errorf("writing the access policies: %w", err)
	}
	for _, pol := range pols {
		if !strings.HasPrefix(pol.Path, PolicyDir+"/") || path.Clean(pol.Path) != pol.Path {
			return fmt.Errorf("policy path %q is not under %s", pol.Path, PolicyDir)
		}
		abs := a.abs(pol.Path)
		if err := mkdirNoSymlinks(a.o.Root, path.Dir(pol.Path)); err != nil {
			return err
		}
		after := sha(pol.Content)
		done := false
		for _, r := range a.st.policies {
			done = done || r.Path == pol.Path && r.After == after && r.Name == pol.Published
		}
		if err := writeFileAtomic(abs, pol.Content, 0o644); err != nil {
			return err
		}
		if pol.Published != "" {
			if err := a.call(ctx, func(ctx context.Context) error { return a.o.Policies.Publish(ctx, a.o.Store, pol) }); err != nil {
				return fmt.Errorf("writing policy %s to the store: %w", pol.Published, err)
			}
		}
		if !done {
			rec := record{Step: stepPolicy, Path: pol.Path, After: after, Name: pol.Published}
			if err := a.j.append(rec); err != nil {
				return err
			}
			a.st.policies = append(a.st.policies, &rec)
		}
		fr := &FileReport{Path: pol.Path, Status: FileRewritten, Reason: pol.Note}
		if pol.Published != "" {
			fr.Reason = strings.TrimPrefix(fr.Reason+"; also written to the store as "+pol.Published, "; ")
		}
		a.rep.Policies = append(a.rep.Policies, fr)
		a.logf("wrote policy %s", pol.Path)
	}
	return nil
}

// removePolicies removes the policies the journaled run wrote: a file
// only when it still has the content written, a published policy by name.
func (a *applier) removePolicies(ctx context.Context, rep *Report) error {
	seen := map[string]bool{}
	for i := len(a.st.policies) - 1; i >= 0; i-- {
		r := a.st.policies[i]
		if seen[r.Path] || !strings.HasPrefix(r.Path, PolicyDir+"/") || path.Clean(r.Path) != r.Path {
			continue
		}
		seen[r.Path] = true
		fr := &FileReport{Path: r.Path}
		rep.Policies = append(rep.Policies, fr)
		// The journal is untrusted input: only a policy named as this
		// package names them is removed from the store.
		if r.Name != "" && a.o.Policies != nil && strings.HasPrefix(r.Name, "secretlint-") {
			if err := a.call(ctx, func(ctx context.Context) error { return a.o.Policies.Unpublish(ctx, a.o.Store, r.Name) }); err != nil {
				return fmt.Errorf("removing policy %s from the store: %w", r.Name, err)
			}
		}
		abs := a.abs(r.Path)
		content, _, exists, err := readState(abs)
		switch {
		case err != nil:
			fr.Status, fr.Reason = FileSkipped, errorsWithoutPath(err)
			rep.Complete = false
			continue
		case !exists:
			fr.Status = FileAlreadyOriginal
			continue
		case sha(content) != r.After:
			fr.Status, fr.Reason = FileChanged, "the policy changed after it was written; remove it by hand"
			rep.Complete = false
			continue
		}
		if err := os.Remove(abs); err != nil {
			return err
		}
		_ = os.Remove(filepath.Dir(abs)) // the run's directory, once empty
		if err := a.j.append(record{Step: stepRollback, Path: r.Path, Status: FileRestored}); err != nil {
			return err
		}
		fr.Status = FileRestored
		a.logf("removed policy %s", r.Path)
	}
	return nil
}

// mkdirNoSymlinks creates the slash-separated directory rel under root,
// refusing to go through a symbolic link (the tree is untrusted: a link
// could send the policy anywhere).
func mkdirNoSymlinks(root, rel string) error {
	cur := root
	for seg := range strings.SplitSeq(rel, "/") {
		cur = filepath.Join(cur, seg)
		fi, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(cur, 0o755); err != nil {
				return err
			}
		case err != nil:
			return err
		case !fi.IsDir():
			return fmt.Errorf("%s is not a directory (a symbolic link is not followed)", filepath.ToSlash(strings.TrimPrefix(cur, root)))
		}
	}
	return nil
}
