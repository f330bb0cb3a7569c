package remediate

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// movedValues returns a function that reads back, from the store, the
// value an edit moved, once per secret, and checks it is still the value
// the plan moved.
func (a *applier) movedValues() func(ctx context.Context, e *Edit) (string, error) {
	entries := map[string]Entry{}
	return func(ctx context.Context, e *Edit) (string, error) {
		if e.Aux {
			return "", nil
		}
		en, ok := entries[e.Secret]
		if !ok {
			var err error
			if en, err = a.read(ctx, e.Secret); err != nil {
				return "", fmt.Errorf("reading %s from the store: %w", e.Secret, err)
			}
			entries[e.Secret] = en
		}
		v, has := en.Values[e.Key]
		k := a.keys[dest{e.Secret, e.Key}]
		if !has || k == nil || finding.ValueHash(a.o.Salt, finding.NewSecret(v)) != k.ValueHash {
			return "", fmt.Errorf("%s#%s no longer holds the value that was moved (rotated or overwritten since)", e.Secret, e.Key)
		}
		return v, nil
	}
}

// Rollback undoes the run recorded in the journal at journalPath: every
// file it rewrote is restored byte for byte, with each value read back
// from the store (no copy of a value was ever kept on disk), and every env
// map is cut back to its old length or removed. A file is restored only if
// it still has the content the run wrote and the restored content has the
// hash the plan saw; anything else is reported and left alone. Secrets
// stay in the store. Rollback is idempotent; ctx is checked between files.
func Rollback(ctx context.Context, journalPath string, opts ApplyOptions) (_ *Report, err error) {
	a, err := openRun(journalPath, opts)
	if err != nil {
		return nil, err
	}
	defer a.release()
	j, st, err := openJournal(journalPath, journalKey(opts))
	if err != nil {
		return nil, err
	}
	defer j.close(&err)
	j.after = opts.AfterStep
	a.j, a.st = j, st
	rep := &Report{PlanID: st.plan.ID, Journal: journalPath, Complete: true}
	planFiles := map[string]*PlanFile{}
	for _, pf := range st.plan.Files {
		planFiles[pf.Path] = pf
	}

	value := a.movedValues()

	for _, p := range slices.Sorted(maps.Keys(st.fileIntents)) {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("stopped before restoring %s: %w", p, err)
		}
		in, pf := st.fileIntents[p], planFiles[p]
		fr := &FileReport{Path: p}
		rep.Files = append(rep.Files, fr)
		if pf == nil {
			fr.Status, fr.Reason = FileSkipped, "not in the plan"
			rep.Complete = false
			continue
		}
		removeStaleTemps(a.root, p)
		content, mode, exists, err := readIn(a.root, p)
		if err != nil || !exists {
			fr.Status, fr.Reason = FileSkipped, "the file is missing or unreadable"
			rep.Complete = false
			continue
		}
		switch h := fileHash(a.o.Salt, content); h {
		case in.Before:
			fr.Status = FileAlreadyOriginal
			continue
		case in.After:
		default:
			fr.Status, fr.Reason = FileChanged, "the file changed after it was rewritten; restore it by hand (git diff shows the references to replace)"
			rep.Complete = false
			continue
		}
		restored, err := restore(ctx, content, pf, in.Edits, value)
		if err == nil && fileHash(a.o.Salt, restored) != in.Before {
			err = errors.New("the restored content does not match the original")
		}
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || fatalRead(err) {
				return rep, err
			}
			fr.Status, fr.Reason = FileSkipped, err.Error()
			rep.Complete = false
			continue
		}
		if err := writeIn(a.root, p, restored, mode.Perm(), content, true); err != nil {
			if !errors.Is(err, errChangedDuringRun) {
				return rep, err
			}
			fr.Status, fr.Reason = FileChanged, err.Error()
			rep.Complete = false
			continue
		}
		if err := j.append(record{Step: stepRollback, Path: p, Status: FileRestored}); err != nil {
			return rep, err
		}
		fr.Status = FileRestored
		a.logf("restored %s", p)
	}

	envFiles := map[string]*PlanEnvFile{}
	for _, ef := range st.plan.EnvFiles {
		envFiles[ef.Path] = ef
	}
	for _, p := range slices.Sorted(maps.Keys(st.envIntents)) {
		in, ef := st.envIntents[p], envFiles[p]
		fr := &FileReport{Path: p}
		rep.EnvFiles = append(rep.EnvFiles, fr)
		content, mode, exists, err := readIn(a.root, p)
		switch {
		case err != nil:
			fr.Status, fr.Reason = FileSkipped, err.Error()
			rep.Complete = false
		case !exists && in.Before == "" || exists && sha(content) == in.Before:
			fr.Status = FileAlreadyOriginal
		case !exists || ef == nil || sha(content) != in.After || len(content) < ef.BeforeLen:
			fr.Status, fr.Reason = FileChanged, "the env map changed after it was written; edit it by hand"
			rep.Complete = false
		case in.Before == "":
			if err := a.removeCreated(p); err != nil {
				return rep, err
			}
			fr.Status = FileRestored
		default:
			old := content[:ef.BeforeLen]
			if sha(old) != in.Before {
				fr.Status, fr.Reason = FileChanged, "the env map's old part changed; edit it by hand"
				rep.Complete = false
				break
			}
			if err := writeIn(a.root, p, old, mode.Perm(), content, true); err != nil {
				if !errors.Is(err, errChangedDuringRun) {
					return rep, err
				}
				fr.Status, fr.Reason = FileChanged, err.Error()
				rep.Complete = false
				break
			}
			fr.Status = FileRestored
		}
		if fr.Status == FileRestored {
			if err := j.append(record{Step: stepRollback, Path: p, Status: FileRestored}); err != nil {
				return rep, err
			}
			a.logf("restored env map %s", p)
		}
	}
	newFiles := map[string]*PlanNewFile{}
	for _, nf := range st.plan.NewFiles {
		newFiles[nf.Path] = nf
	}
	for _, p := range slices.Sorted(maps.Keys(st.newIntents)) {
		in, nf := st.newIntents[p], newFiles[p]
		fr := &FileReport{Path: p}
		rep.NewFiles = append(rep.NewFiles, fr)
		content, _, exists, err := readIn(a.root, p)
		switch {
		case err != nil:
			fr.Status, fr.Reason = FileSkipped, errorsWithoutPath(err)
			rep.Complete = false
		case !exists:
			fr.Status = FileAlreadyOriginal
		case nf == nil || sha(content) != in.After:
			fr.Status, fr.Reason = FileChanged, "the file changed after the run created it; remove it by hand"
			rep.Complete = false
		default:
			if err := a.removeCreated(p); err != nil {
				return rep, err
			}
			fr.Status = FileRestored
			if err := j.append(record{Step: stepRollback, Path: p, Status: FileRestored}); err != nil {
				return rep, err
			}
			a.logf("removed %s", p)
		}
	}
	if err := a.removePolicies(ctx, rep); err != nil {
		return rep, err
	}
	status := "complete"
	if !rep.Complete {
		status = "partial"
	}
	if err := j.append(record{Step: stepRollbackEnd, Status: status}); err != nil {
		return rep, err
	}
	return rep, nil
}

// removeCreated removes a file the run created (an env map, a new file),
// through the root, and syncs its directory.
func (a *applier) removeCreated(p string) error {
	if err := a.root.Remove(filepath.FromSlash(p)); err != nil {
		return err
	}
	return syncDir(filepath.Dir(a.abs(p)))
}

// fatalRead reports a store failure that stops the rollback (credentials,
// an unreachable store) rather than one file.
func fatalRead(err error) bool {
	return errors.Is(err, ErrUnauthorized) || IsRetryable(err)
}

// restore puts the values back in place of the references written by the
// edits idx of pf, in content as the run left it.
func restore(ctx context.Context, content []byte, pf *PlanFile, idx []int, value func(context.Context, *Edit) (string, error)) ([]byte, error) {
	var b strings.Builder
	shift, last := 0, 0
	for _, i := range idx {
		if i < 0 || i >= len(pf.Edits) {
			return nil, errors.New("the journal names an edit the plan lacks")
		}
		e := pf.Edits[i]
		start := e.Offset + shift
		end := start + len(e.Replacement)
		if start < last || end > len(content) || string(content[start:end]) != e.Replacement {
			return nil, fmt.Errorf("line %d no longer holds the reference that was written", e.Line)
		}
		v, err := value(ctx, e)
		if err != nil {
			return nil, err
		}
		b.Write(content[last:start])
		b.WriteString(e.Spelling.Spell(v))
		last = end
		shift += len(e.Replacement) - (e.EndOffset - e.Offset)
	}
	b.Write(content[last:])
	return []byte(b.String()), nil
}
