package remediate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/secretlint-go/secretlint/finding"
)

// ApplyOptions configures Apply, Resume and Rollback.
type ApplyOptions struct {
	// Root is the directory the plan's paths are relative to.
	Root string
	// Store receives the values.
	Store Store
	// Salt is the fingerprint salt the plan was made with.
	Salt string
	// Overwrite replaces a stored key that holds a different value;
	// without it such a key is a conflict and its places are left as they
	// are.
	Overwrite bool
	// JournalPath overrides DefaultJournalPath.
	JournalPath string
	// JournalKey authenticates the journals (every line carries its MAC):
	// Resume and Rollback refuse a journal written under another key. The
	// command passes MachineKey; nil derives a key from Salt.
	JournalKey []byte
	// Progress receives one line per step (never a value); nil discards.
	Progress io.Writer
	// Attempts (default 4) bounds the calls made for one store operation
	// that fails transiently (IsRetryable); Backoff (default 250ms) is the
	// first pause between them, doubling after each; CallTimeout (default
	// 30s) bounds each call.
	Attempts    int
	Backoff     time.Duration
	CallTimeout time.Duration
	// Go rewrites Go files (remediate/gorewrite); a plan with Go files
	// needs it.
	Go GoRewriter
	// Policies, when set, writes the read policies of the secrets a run
	// moved (remediate/policy) at the end of Apply and Resume; Rollback
	// removes them.
	Policies PolicyWriter
	// AfterStep, when set, is called after each journal record is on disk
	// with the record's number (1 is the plan) and step type. Tests use it
	// to kill the process between steps.
	AfterStep func(n int, step string)
}

// Report says what Apply, Resume or Rollback did.
type Report struct {
	PlanID   string          `json:"plan_id"`
	Journal  string          `json:"journal"`
	Secrets  []*SecretReport `json:"secrets,omitempty"`
	EnvFiles []*FileReport   `json:"env_files,omitempty"`
	NewFiles []*FileReport   `json:"new_files,omitempty"`
	Files    []*FileReport   `json:"files,omitempty"`
	// Policies are the access policies the run wrote or removed.
	Policies []*FileReport `json:"policies,omitempty"`
	// Complete is true when every planned edit is in place (Apply) or
	// every rewritten file is restored (Rollback).
	Complete bool `json:"complete"`
}

// SecretReport is the outcome for one secret.
type SecretReport struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Written keys were written by this run; Present keys already held the
	// planned value.
	Written []string `json:"written,omitempty"`
	Present []string `json:"present,omitempty"`
	// Skipped maps a key to why its places are left as they are.
	Skipped map[string]string `json:"skipped,omitempty"`
}

// File statuses in a Report.
const (
	FileRewritten        = "rewritten"
	FileAlreadyRewritten = "already-rewritten"
	FileChanged          = "changed"
	FileSkipped          = "skipped"
	FilePartial          = "partly-rewritten"
	FileRestored         = "restored"
	FileAlreadyOriginal  = "already-original"
)

// FileReport is the outcome for one file.
type FileReport struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Apply carries out a plan: for each secret it reads the store, writes the
// keys it lacks (check-and-set, idempotent), reads them back and compares;
// then it extends the env maps and rewrites each file whose content is
// still what the plan saw, atomically, with only the edits whose values are
// verified in the store. Every step is journaled first (see JournalDir),
// so a run stopped at any point is finished by Resume and undone by
// Rollback. ctx is checked between steps; a file write, once started,
// finishes.
func Apply(ctx context.Context, p *Plan, opts ApplyOptions) (_ *Report, err error) {
	a, err := newApplier(p, opts)
	if err != nil {
		return nil, err
	}
	if err := p.validateContent(); err != nil {
		return nil, err
	}
	if err := a.prepare(); err != nil {
		return nil, err
	}
	defer a.release()
	jp := cmp.Or(opts.JournalPath, DefaultJournalPath(opts.Root, p.ID))
	j, err := createJournal(a.root, opts.Root, jp, p, journalKey(opts), opts.AfterStep)
	if err != nil {
		return nil, err
	}
	defer j.close(&err)
	a.j = j
	a.st = &journalState{plan: p, fileIntents: map[string]*record{}, envIntents: map[string]*record{}, newIntents: map[string]*record{}}
	return a.run(ctx)
}

// Resume finishes the run recorded in the journal at path.
func Resume(ctx context.Context, journalPath string, opts ApplyOptions) (_ *Report, err error) {
	a, err := openRun(journalPath, opts)
	if err != nil {
		return nil, err
	}
	defer a.release()
	if a.st.rolledBack {
		return nil, fmt.Errorf("the run in %s was rolled back; scan again for a new plan", journalPath)
	}
	j, st, err := openJournal(journalPath, journalKey(opts))
	if err != nil {
		return nil, err
	}
	defer j.close(&err)
	j.after = opts.AfterStep
	a.j, a.st = j, st
	return a.run(ctx)
}

type dest struct{ secret, key string }

type applier struct {
	p      *Plan
	o      ApplyOptions
	j      *Journal
	st     *journalState
	keys   map[dest]*PlanKey
	values map[dest]string
	rep    *Report

	// root is the tree, opened once: every planned file is read and
	// written through it (see prepare); lock is the tree's lock.
	root *os.Root
	lock *treeLock
}

func newApplier(p *Plan, o ApplyOptions) (*applier, error) {
	if o.Store == nil {
		return nil, errors.New("no store")
	}
	if saltCheck(o.Salt) != p.SaltCheck {
		return nil, errors.New("the plan was made with another fingerprint salt: set the same SECRETLINT_FINGERPRINT_SALT (or fingerprint-salt) as when it was made")
	}
	if o.Store.Kind() != p.Backend {
		return nil, fmt.Errorf("the plan writes references for the %s backend, not %s: apply it with --backend %s", p.Backend, o.Store.Kind(), p.Backend)
	}
	a := &applier{p: p, o: o, keys: map[dest]*PlanKey{}, values: map[dest]string{}}
	for _, s := range p.Secrets {
		for _, k := range s.Keys {
			if got := o.Store.Ref(s.Name, k.Key); got != k.Ref {
				return nil, fmt.Errorf("the store's reference to %s#%s is %s, the plan's %s: use the same --mount as when the plan was made", s.Name, k.Key, got, k.Ref)
			}
			a.keys[dest{s.Name, k.Key}] = k
		}
	}
	for _, ef := range p.EnvFiles {
		for _, en := range ef.Entries {
			if !validEnvName(en.Var) || a.keys[dest{en.Secret, en.Key}] == nil || o.Store.Ref(en.Secret, en.Key) != en.Ref {
				return nil, fmt.Errorf("the plan's env map %s entry %s does not match its secrets: make a new plan", ef.Path, en.Var)
			}
		}
	}
	if a.o.Attempts <= 0 {
		a.o.Attempts = 4
	}
	if a.o.Backoff <= 0 {
		a.o.Backoff = 250 * time.Millisecond
	}
	if a.o.CallTimeout <= 0 {
		a.o.CallTimeout = 30 * time.Second
	}
	if a.o.Progress == nil {
		a.o.Progress = io.Discard
	}
	return a, nil
}

func (a *applier) abs(p string) string { return filepath.Join(a.o.Root, filepath.FromSlash(p)) }

func (a *applier) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(a.o.Progress, format+"\n", args...) // progress only: a lost line is no failure
}

// fileState is a planned file as found on disk: as the plan saw it, or
// with some of its edits already applied by an earlier run of the same
// journal (applied), or changed by someone else.
type fileState struct {
	pf      *PlanFile
	content []byte
	mode    uint32
	state   string // "ready", FileAlreadyRewritten, FileChanged
	reason  string
	applied []int // indices of the edits already in content
	shift   []int // shift[i]: where edit i's span starts in content, minus Offset
}

func (a *applier) run(ctx context.Context) (*Report, error) {
	p := a.p
	a.rep = &Report{PlanID: p.ID, Journal: a.j.path}

	// Read every file and take the values out of those the plan saw.
	var files []*fileState
	for _, pf := range p.Files {
		removeStaleTemps(a.root, pf.Path)
		fs := &fileState{pf: pf}
		files = append(files, fs)
		content, mode, exists, err := readIn(a.root, pf.Path)
		if err != nil || !exists {
			fs.state, fs.reason = FileChanged, "the file is missing"
			if err != nil {
				fs.reason = errorsWithoutPath(err)
			}
			continue
		}
		fs.content, fs.mode = content, uint32(mode.Perm())
		h := fileHash(a.o.Salt, content)
		switch in := a.st.fileIntents[pf.Path]; {
		case h == pf.Before:
			fs.state = "ready"
		case in != nil && h == in.After:
			fs.state, fs.applied = "ready", in.Edits
		case h == pf.After:
			fs.state = FileAlreadyRewritten
			continue
		default:
			fs.state, fs.reason = FileChanged, "the file changed since the plan was made"
			continue
		}
		// Where each edit's span is now, given the edits already applied.
		fs.shift = make([]int, len(pf.Edits))
		delta := 0
		for i, e := range pf.Edits {
			fs.shift[i] = delta
			if slices.Contains(fs.applied, i) {
				delta += len(e.Replacement) - (e.EndOffset - e.Offset)
			}
		}
		if len(fs.applied) == len(pf.Edits) {
			fs.state = FileAlreadyRewritten
			continue
		}
		for i, e := range pf.Edits {
			if slices.Contains(fs.applied, i) {
				continue
			}
			start, end := e.Offset+fs.shift[i], e.EndOffset+fs.shift[i]
			if e.Aux {
				if start < 0 || end > len(content) || start > end || string(content[start:end]) != e.Spelling.Spell("") {
					fs.state, fs.reason = FileChanged, "the text at a planned place does not match the plan"
					break
				}
				continue
			}
			k := a.keys[dest{e.Secret, e.Key}]
			v, ok := "", start >= 0 && start <= end && end <= len(content)
			if ok {
				v, ok = e.Spelling.Unspell(string(content[start:end]))
			}
			if !ok || k == nil || finding.ValueHash(a.o.Salt, finding.NewSecret(v)) != k.ValueHash {
				fs.state, fs.reason = FileChanged, "the value at a planned place does not match the plan"
				break
			}
			a.values[dest{e.Secret, e.Key}] = v
		}
	}

	// Store and verify each secret.
	verified := map[dest]bool{}
	for _, s := range p.Secrets {
		if err := ctx.Err(); err != nil {
			return a.rep, fmt.Errorf("stopped before storing %s: %w", s.Name, err)
		}
		sr, err := a.storeSecret(ctx, s, verified)
		a.rep.Secrets = append(a.rep.Secrets, sr)
		if err != nil {
			return a.rep, err
		}
	}

	// Env maps: only entries whose key is verified.
	missing := map[string]bool{} // dir + "\x00" + var that is not available
	for _, ef := range p.EnvFiles {
		if err := ctx.Err(); err != nil {
			return a.rep, fmt.Errorf("stopped before writing %s: %w", ef.Path, err)
		}
		fr, avail, err := a.writeEnv(ef, verified)
		if fr != nil {
			a.rep.EnvFiles = append(a.rep.EnvFiles, fr)
		}
		if err != nil {
			return a.rep, err
		}
		for _, en := range ef.Entries {
			if !avail[en.Var] {
				missing[path.Dir(ef.Path)+"\x00"+en.Var] = true
			}
		}
	}

	// New files: once every key they reference is verified, and only
	// what the consumer of a planned file writes for it (a plan edited by
	// hand cannot create another file, or other content).
	written := map[string]bool{}
	derived := a.derivedNewFiles(files)
	for _, nf := range p.NewFiles {
		if err := ctx.Err(); err != nil {
			return a.rep, fmt.Errorf("stopped before writing %s: %w", nf.Path, err)
		}
		if want := derived[nf.Path]; want == nil || want.Content != nf.Content || !slices.Equal(want.Keys, nf.Keys) {
			fr := &FileReport{Path: nf.Path, Status: FileSkipped, Reason: "not what the consumer of a planned file writes for it"}
			if content, _, exists, err := readIn(a.root, nf.Path); want == nil && err == nil && exists && string(content) == nf.Content &&
				a.st.newIntents[nf.Path] != nil {
				fr.Status, fr.Reason = FileAlreadyRewritten, "" // written by this run before it stopped
			} else if err := a.j.append(record{Step: stepFileSkip, Path: nf.Path, Reason: fr.Reason}); err != nil {
				return a.rep, err
			}
			a.rep.NewFiles = append(a.rep.NewFiles, fr)
			written[nf.Path] = fr.Status == FileAlreadyRewritten
			continue
		}
		fr, err := a.writeNew(nf, verified)
		a.rep.NewFiles = append(a.rep.NewFiles, fr)
		if err != nil {
			return a.rep, err
		}
		written[nf.Path] = fr.Status == FileRewritten || fr.Status == FileAlreadyRewritten
	}

	// Rewrite the files.
	complete := true
	goBlocked := a.goBlocked(files, verified)
	for _, fs := range files {
		if err := ctx.Err(); err != nil {
			return a.rep, fmt.Errorf("stopped before rewriting %s: %w", fs.pf.Path, err)
		}
		var fr *FileReport
		var err error
		switch {
		case fs.pf.GoMod:
			fr, err = a.rewriteGoMod(fs, goBlocked)
		case fs.pf.GoPackage != "":
			fr, err = a.rewriteGo(fs, goBlocked)
		default:
			fr, err = a.rewrite(fs, verified, missing, written)
		}
		a.rep.Files = append(a.rep.Files, fr)
		if err != nil {
			return a.rep, err
		}
		if fr.Status != FileRewritten && fr.Status != FileAlreadyRewritten {
			complete = false
		}
	}
	if err := a.verifyGo(ctx); err != nil {
		return a.rep, err
	}
	for _, fr := range a.rep.Files {
		if fr.Status != FileRewritten && fr.Status != FileAlreadyRewritten {
			complete = false
		}
	}
	for _, sr := range a.rep.Secrets {
		if len(sr.Skipped) > 0 {
			complete = false
		}
	}
	for _, fr := range a.rep.NewFiles {
		if fr.Status != FileRewritten && fr.Status != FileAlreadyRewritten {
			complete = false
		}
	}
	if err := a.writePolicies(ctx); err != nil {
		return a.rep, err
	}
	a.rep.Complete = complete
	status := "complete"
	if !complete {
		status = "partial"
	}
	if err := a.j.append(record{Step: stepEnd, Status: status}); err != nil {
		return a.rep, err
	}
	return a.rep, nil
}

// call runs one store operation, retrying transient failures with
// exponential backoff; each attempt has its own timeout.
func (a *applier) call(ctx context.Context, fn func(context.Context) error) error {
	pause := a.o.Backoff
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		cctx, cancel := context.WithTimeout(ctx, a.o.CallTimeout)
		err := fn(cctx)
		cancel()
		if err == nil || ctx.Err() != nil || !IsRetryable(err) || attempt >= a.o.Attempts {
			return err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		pause *= 2
	}
}

func (a *applier) read(ctx context.Context, name string) (Entry, error) {
	var e Entry
	err := a.call(ctx, func(ctx context.Context) error {
		var err error
		e, err = a.o.Store.Read(ctx, name)
		return err
	})
	return e, err
}

// fatal reports whether a store error stops the whole run (the journal
// stays, for --resume) rather than only this secret.
func fatal(err error) bool {
	return !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrKeyExists) && !errors.Is(err, ErrConflict)
}

func (a *applier) storeSecret(ctx context.Context, s *PlanSecret, verified map[dest]bool) (*SecretReport, error) {
	sr := &SecretReport{Name: s.Name, Skipped: map[string]string{}}
	var sources []string
	for _, k := range s.Keys {
		for _, pl := range k.Places {
			if i := strings.Index(pl, ":"); i > 0 {
				pl = pl[:i]
			}
			if !slices.Contains(sources, pl) {
				sources = append(sources, pl)
			}
		}
	}
	slices.Sort(sources)
	meta := moveMeta(a.p, s.Name, sources, a.j.now())

	skipAll := func(err error) {
		for _, k := range s.Keys {
			if _, ok := sr.Skipped[k.Key]; !ok && !slices.Contains(sr.Present, k.Key) && !slices.Contains(sr.Written, k.Key) {
				sr.Skipped[k.Key] = err.Error()
			}
		}
	}
	const casRounds = 3
	for round := 1; ; round++ {
		entry, err := a.read(ctx, s.Name)
		if err != nil && !errors.Is(err, ErrNotFound) {
			if fatal(err) {
				return sr, fmt.Errorf("reading %s from the store: %w", s.Name, err)
			}
			skipAll(err)
			break
		}
		sr.Present, sr.Skipped = nil, map[string]string{}
		write := map[string]string{}
		for _, k := range s.Keys {
			cur, has := entry.Values[k.Key]
			switch {
			case has && finding.ValueHash(a.o.Salt, finding.NewSecret(cur)) == k.ValueHash:
				sr.Present = append(sr.Present, k.Key)
			case has && !a.o.Overwrite:
				sr.Skipped[k.Key] = "the store already holds a different value under this key (conflict; --overwrite replaces it)"
			default:
				v, ok := a.values[dest{s.Name, k.Key}]
				if !ok {
					sr.Skipped[k.Key] = "no planned place still holds the value (the files changed since the plan)"
					continue
				}
				write[k.Key] = v
			}
		}
		if len(write) == 0 {
			if rec, ok := a.o.Store.(MetaRecorder); ok && len(sr.Present) > 0 {
				err := a.call(ctx, func(ctx context.Context) error { return rec.RecordMeta(ctx, s.Name, meta) })
				if err != nil && fatal(err) {
					return sr, fmt.Errorf("recording the metadata of %s: %w", s.Name, err)
				} else if err != nil {
					sr.Present = nil
					skipAll(err)
				}
			}
			break
		}
		merged := maps.Clone(entry.Values)
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, write)
		keys := slices.Sorted(maps.Keys(write))
		if err := a.j.append(record{Step: stepStoreIntent, Name: s.Name, Keys: keys, Prev: entry.Version}); err != nil {
			return sr, err
		}
		var version string
		err = a.call(ctx, func(ctx context.Context) error {
			var err error
			version, err = a.o.Store.Write(ctx, s.Name, merged, entry.Version, meta)
			return err
		})
		if errors.Is(err, ErrConflict) && round < casRounds {
			continue // changed concurrently: read, merge and try again
		}
		if err != nil {
			if fatal(err) {
				return sr, fmt.Errorf("storing %s: %w", s.Name, err)
			}
			skipAll(err)
			break
		}
		if err := a.j.append(record{Step: stepStored, Name: s.Name, Version: version}); err != nil {
			return sr, err
		}
		sr.Written = keys
		sr.Version = version
		a.logf("stored %s (%s) version %s", s.Name, strings.Join(keys, ", "), version)
		break
	}

	// Read back and compare every key this run relies on.
	check := append(slices.Clone(sr.Present), sr.Written...)
	if len(check) > 0 {
		if err := ctx.Err(); err != nil {
			return sr, fmt.Errorf("stopped before verifying %s: %w", s.Name, err)
		}
		entry, err := a.read(ctx, s.Name)
		if err != nil {
			if fatal(err) {
				return sr, fmt.Errorf("reading %s back: %w", s.Name, err)
			}
			skipAll(err)
			check = nil
		}
		var ok []string
		for _, key := range check {
			k := a.keys[dest{s.Name, key}]
			if v, has := entry.Values[key]; has && finding.ValueHash(a.o.Salt, finding.NewSecret(v)) == k.ValueHash {
				verified[dest{s.Name, key}] = true
				ok = append(ok, key)
			} else {
				sr.Skipped[key] = "reading the secret back gave a different value"
			}
		}
		if len(ok) > 0 {
			slices.Sort(ok)
			sr.Version = entry.Version
			if err := a.j.append(record{Step: stepVerified, Name: s.Name, Keys: ok, Version: entry.Version}); err != nil {
				return sr, err
			}
		}
	}
	if len(sr.Skipped) > 0 {
		keys := slices.Sorted(maps.Keys(sr.Skipped))
		var reasons []string
		for _, k := range keys {
			reasons = append(reasons, k+": "+sr.Skipped[k])
		}
		if err := a.j.append(record{Step: stepSecretSkip, Name: s.Name, Keys: keys, Reason: strings.Join(reasons, "; ")}); err != nil {
			return sr, err
		}
		a.logf("skipped %s: %s", s.Name, strings.Join(reasons, "; "))
	}
	return sr, nil
}

// writeEnv extends one env map with the verified entries and returns the
// variables available in it afterwards.
func (a *applier) writeEnv(ef *PlanEnvFile, verified map[dest]bool) (*FileReport, map[string]bool, error) {
	fr := &FileReport{Path: ef.Path}
	avail := map[string]bool{}
	removeStaleTemps(a.root, ef.Path)
	content, mode, exists, err := readIn(a.root, ef.Path)
	if err != nil {
		// Not fatal: the report says why the map was skipped, and its
		// variables count as missing for the files that use them.
		fr.Status, fr.Reason = FileSkipped, err.Error()
		return fr, avail, nil //nolint:nilerr // the failure is reported in fr
	}
	h := sha(content)
	var applied []int
	switch in := a.st.envIntents[ef.Path]; {
	case exists && ef.Before != "" && h == ef.Before, !exists && ef.Before == "":
	case in != nil && exists && h == in.After:
		applied = in.Entries
		for _, i := range applied {
			if i >= 0 && i < len(ef.Entries) {
				avail[ef.Entries[i].Var] = true
			}
		}
	default:
		// Changed since the plan: use the entries it already has.
		if m, err := ParseEnvMap(content); err == nil && exists {
			for _, en := range ef.Entries {
				if m[en.Var] == en.Ref {
					avail[en.Var] = true
				}
			}
		}
		fr.Status, fr.Reason = FileChanged, "the env map changed since the plan was made"
		if err := a.j.append(record{Step: stepFileSkip, Path: ef.Path, Reason: fr.Reason}); err != nil {
			return fr, avail, err
		}
		return fr, avail, nil
	}
	var idx []int
	var entries []*EnvEntry
	for i, en := range ef.Entries {
		if verified[dest{en.Secret, en.Key}] && !slices.Contains(applied, i) {
			idx = append(idx, i)
			entries = append(entries, en)
		}
	}
	if len(entries) == 0 {
		fr.Status = FileAlreadyRewritten
		if len(applied) == 0 {
			fr.Status, fr.Reason = FileSkipped, "none of its secrets could be stored"
		}
		return fr, avail, nil
	}
	after := append(slices.Clone(content), envAppendText(content, !exists, entries)...)
	all := append(slices.Clone(applied), idx...)
	slices.Sort(all)
	if err := a.j.append(record{Step: stepEnvIntent, Path: ef.Path, Before: ef.Before, After: sha(after), Entries: all}); err != nil {
		return fr, avail, err
	}
	perm := mode.Perm()
	if !exists {
		perm = 0o644
	}
	if err := writeIn(a.root, ef.Path, after, perm, content, exists); err != nil {
		if !errors.Is(err, errChangedDuringRun) {
			return fr, avail, err
		}
		fr.Status, fr.Reason = FileChanged, err.Error()
		a.logf("left %s as it is: %s", ef.Path, fr.Reason)
		return fr, avail, a.j.append(record{Step: stepFileSkip, Path: ef.Path, Reason: fr.Reason})
	}
	if err := a.j.append(record{Step: stepEnvDone, Path: ef.Path, After: sha(after)}); err != nil {
		return fr, avail, err
	}
	for _, en := range entries {
		avail[en.Var] = true
	}
	fr.Status = FileRewritten
	a.logf("wrote env map %s (%d variables)", ef.Path, len(entries))
	return fr, avail, nil
}

// derivedNewFiles asks the consumer of each planned file that is still
// as the plan saw it for the files it creates beside it, from the file
// and the values read out of it.
func (a *applier) derivedNewFiles(files []*fileState) map[string]*PlanNewFile {
	out := map[string]*PlanNewFile{}
	penv := &planEnv{backend: a.p.Backend, refs: RefsNative, opts: a.p.ConsumerOptions}
	for _, fs := range files {
		if fs.state != "ready" || len(fs.applied) > 0 {
			continue
		}
		c, err := consumerOf(fs.pf)
		nc, ok := c.(newFileConsumer)
		if err != nil || !ok {
			continue
		}
		var moved []movedValue
		for _, e := range fs.pf.Edits {
			k := a.keys[dest{e.Secret, e.Key}]
			if e.Aux || k == nil {
				continue
			}
			f := &finding.Finding{Offset: e.FindingOffset, EndOffset: e.FindingEnd, Secret: finding.NewSecret(a.values[dest{e.Secret, e.Key}])}
			moved = append(moved, movedValue{f: f, secret: e.Secret, key: e.Key, ref: k.Ref, envVar: e.EnvVar})
		}
		for _, nf := range nc.newFiles(fs.pf.Path, fs.content, moved, penv) {
			out[nf.Path] = nf
		}
	}
	return out
}

// writeNew creates a new file of the plan once every key it references is
// verified. It never replaces an existing file: one that already has the
// planned content counts as written (a resumed run), any other is left
// alone and reported.
func (a *applier) writeNew(nf *PlanNewFile, verified map[dest]bool) (*FileReport, error) {
	fr := &FileReport{Path: nf.Path}
	for _, k := range nf.Keys {
		name, key, _ := strings.Cut(k, "#")
		if !verified[dest{name, key}] {
			fr.Status, fr.Reason = FileSkipped, k+" is not stored"
			return fr, a.j.append(record{Step: stepFileSkip, Path: nf.Path, Reason: fr.Reason})
		}
	}
	removeStaleTemps(a.root, nf.Path)
	content, _, exists, err := readIn(a.root, nf.Path)
	switch {
	case err != nil:
		fr.Status, fr.Reason = FileSkipped, errorsWithoutPath(err)
		return fr, a.j.append(record{Step: stepFileSkip, Path: nf.Path, Reason: fr.Reason})
	case exists && string(content) == nf.Content:
		fr.Status = FileAlreadyRewritten
		return fr, nil
	case exists:
		fr.Status, fr.Reason = FileChanged, "a file of that name exists; move it away or remove it, then --resume"
		return fr, a.j.append(record{Step: stepFileSkip, Path: nf.Path, Reason: fr.Reason})
	}
	if err := a.j.append(record{Step: stepNewIntent, Path: nf.Path, After: sha([]byte(nf.Content))}); err != nil {
		return fr, err
	}
	if dir := path.Dir(nf.Path); dir != "." {
		if err := checkNoLinkDir(a.root, dir); err != nil {
			return fr, err
		}
		if err := a.root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
			return fr, err
		}
	}
	if err := writeIn(a.root, nf.Path, []byte(nf.Content), 0o644, nil, false); err != nil {
		return fr, err
	}
	if err := a.j.append(record{Step: stepNewDone, Path: nf.Path, After: sha([]byte(nf.Content))}); err != nil {
		return fr, err
	}
	fr.Status = FileRewritten
	a.logf("wrote %s", nf.Path)
	return fr, nil
}

// envAppendText is what is appended to an env map for entries.
func envAppendText(before []byte, create bool, entries []*EnvEntry) []byte {
	var b strings.Builder
	if create {
		b.WriteString(envMapHeader)
	} else if len(before) > 0 && before[len(before)-1] != '\n' {
		b.WriteByte('\n')
	}
	for _, en := range entries {
		b.WriteString(en.Var)
		b.WriteString(": ")
		b.WriteString(en.Ref)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// envMapHeader starts a new env map.
// It names no program: one env map serves whatever runs in its directory
// (dbt, docker compose, Spring, Rails, terraform).
const envMapHeader = `# Environment variables for ` + "`secretlint exec -- COMMAND`" + ` (vals users:
# ` + "`vals exec -f secretlint.env.yaml -- COMMAND`" + `), written by ` + "`secretlint remediate`" + `.
# Each value is a reference into AWS Secrets Manager or Vault, never a secret:
# secretlint exec resolves them when it starts the command.
`

// rewrite rewrites one file with its verified edits.
func (a *applier) rewrite(fs *fileState, verified map[dest]bool, missing, written map[string]bool) (*FileReport, error) {
	pf := fs.pf
	fr := &FileReport{Path: pf.Path}
	switch fs.state {
	case FileAlreadyRewritten:
		fr.Status = FileAlreadyRewritten
		return fr, nil
	case FileChanged:
		fr.Status, fr.Reason = FileChanged, fs.reason
		a.logf("left %s as it is: %s", pf.Path, fs.reason)
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fs.reason})
	}
	c, err := consumerOf(pf)
	if err != nil {
		fr.Status, fr.Reason = FileSkipped, err.Error()
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	var idx, auxIdx []int
	var reqs []*editRequest
	var why []string
	for i, e := range pf.Edits {
		if slices.Contains(fs.applied, i) {
			continue
		}
		if e.Aux {
			if e.NeedsFile == "" || written[e.NeedsFile] {
				auxIdx = append(auxIdx, i)
			}
			continue
		}
		d := dest{e.Secret, e.Key}
		switch {
		case e.NeedsFile != "" && !written[e.NeedsFile]:
			why = append(why, fmt.Sprintf("line %d: %s was not written", e.Line, e.NeedsFile))
			continue
		case !verified[d]:
			why = append(why, fmt.Sprintf("line %d: %s#%s is not stored", e.Line, e.Secret, e.Key))
			continue
		case e.EnvVar != "" && missing[path.Dir(pf.Path)+"\x00"+e.EnvVar]:
			why = append(why, fmt.Sprintf("line %d: %s is not in the env map", e.Line, e.EnvVar))
			continue
		}
		idx = append(idx, i)
		r := a.request(c, pf.Path, e)
		r.offset += fs.shift[i]
		r.end += fs.shift[i]
		reqs = append(reqs, r)
	}
	if len(idx) == 0 {
		fr.Status, fr.Reason = FileSkipped, strings.Join(why, "; ")
		if len(fs.applied) > 0 {
			fr.Status = FilePartial
		}
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	// Aux edits go with the file's value edits.
	idx = append(idx, auxIdx...)
	slices.Sort(idx)
	// Re-check the edits on the file as it is now, as planning did.
	edits, rejected, after := c.analyse(fs.content, reqs)
	edits = slices.DeleteFunc(edits, func(e *yamlEdit) bool {
		// Aux edits of planning that this subset of values does not make.
		return e.aux && !slices.ContainsFunc(idx, func(i int) bool {
			pe := pf.Edits[i]
			return pe.Aux && e.Offset == pe.Offset+fs.shift[i] && e.Replacement == pe.Replacement
		})
	})
	mismatch := len(rejected) > 0 || len(edits) != len(idx)
	for n := 0; !mismatch && n < len(edits); n++ {
		i := idx[n]
		pe := pf.Edits[i]
		mismatch = edits[n].Offset != pe.Offset+fs.shift[i] || edits[n].End != pe.EndOffset+fs.shift[i] || edits[n].Replacement != pe.Replacement
	}
	if !mismatch && len(edits) != len(pf.Edits)-len(fs.applied) {
		// A subset: write exactly the planned edits of idx.
		after = applyYAMLEdits(fs.content, edits)
	}
	if mismatch {
		fr.Status, fr.Reason = FileSkipped, "the planned edits no longer check out on this file"
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	all := append(slices.Clone(fs.applied), idx...)
	slices.Sort(all)
	if err := a.j.append(record{Step: stepFileIntent, Path: pf.Path, Before: pf.Before, After: fileHash(a.o.Salt, after), Edits: all}); err != nil {
		return fr, err
	}
	if err := writeIn(a.root, pf.Path, after, fsMode(fs.mode), fs.content, true); err != nil {
		if !errors.Is(err, errChangedDuringRun) {
			return fr, err
		}
		fr.Status, fr.Reason = FileChanged, err.Error()
		a.logf("left %s as it is: %s", pf.Path, fr.Reason)
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	if err := a.j.append(record{Step: stepFileDone, Path: pf.Path, After: fileHash(a.o.Salt, after)}); err != nil {
		return fr, err
	}
	idx = all
	fr.Status = FileRewritten
	if len(idx) < len(pf.Edits) {
		fr.Status, fr.Reason = FilePartial, strings.Join(why, "; ")
	}
	a.logf("rewrote %s (%d of %d values)", pf.Path, len(idx), len(pf.Edits))
	return fr, nil
}

// request rebuilds the edit request of a planned edit, with its value, as
// its consumer shapes it.
func (a *applier) request(c consumer, file string, e *Edit) *editRequest {
	b := binding{secret: e.Secret, key: e.Key, ref: a.keys[dest{e.Secret, e.Key}].Ref, envVar: e.EnvVar, opts: a.p.ConsumerOptions, root: a.o.Root, file: file}
	r := c.shape(e.Kind, b)
	r.offset, r.end, r.value, r.kind, r.dest = e.FindingOffset, e.FindingEnd, a.values[dest{e.Secret, e.Key}], e.Kind, b
	return &r
}

func fsMode(m uint32) os.FileMode { return os.FileMode(m) }

func cfnResolve(name, key string) string {
	return "{{resolve:secretsmanager:" + name + ":SecretString:" + key + "}}"
}

func dbtEnvVar(v string) string { return "{{ env_var('" + v + "') }}" }
