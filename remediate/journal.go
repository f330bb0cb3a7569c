package remediate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// JournalDir is where journals are kept, relative to the root of the
// remediated tree, unless --journal names a file. The directory holds a
// .gitignore so that journals are never committed.
const JournalDir = ".secretlint/journal"

// Journal step types. A journal is a JSON Lines file (mode 0600): the
// first record ("begin") holds the whole plan, every later one a step.
// Records hold names, keys, versions and SHA-256 hashes, never a value.
// Each record is written and fsynced before the step it announces (the
// "-intent" records) or after the step it confirms, so a run killed at any
// point can be finished with --resume and undone with --rollback.
const (
	stepBegin       = "begin"        // plan
	stepStoreIntent = "store-intent" // name, keys, prev: about to write
	stepStored      = "stored"       // name, version: the write returned
	stepVerified    = "verified"     // name, keys, version: read back and compared
	stepSecretSkip  = "secret-skip"  // name, keys, reason
	stepEnvIntent   = "env-intent"   // path, before, after, entries
	stepEnvDone     = "env-done"     // path, after
	stepFileIntent  = "file-intent"  // path, before, after, edits
	stepFileDone    = "file-done"    // path, after
	stepFileSkip    = "file-skip"    // path, reason
	stepNewIntent   = "new-intent"   // path, after: about to create a new file
	stepNewDone     = "new-done"     // path, after
	stepEnd         = "end"          // status
	stepRollback    = "rollback"     // path, status: a file or env map restored
	stepRollbackEnd = "rollback-end" // status
	stepPolicy      = "policy"       // path, after, name: a policy written (policyhook.go)
)

// record is one journal line.
type record struct {
	Step    string   `json:"step"`
	Time    string   `json:"time"`
	Plan    *Plan    `json:"plan,omitempty"`
	Name    string   `json:"name,omitempty"`
	Path    string   `json:"path,omitempty"`
	Keys    []string `json:"keys,omitempty"`
	Prev    string   `json:"prev,omitempty"`
	Version string   `json:"version,omitempty"`
	Before  string   `json:"before_sha256,omitempty"`
	After   string   `json:"after_sha256,omitempty"`
	Edits   []int    `json:"edits,omitempty"`
	Entries []int    `json:"entries,omitempty"`
	Status  string   `json:"status,omitempty"`
	Reason  string   `json:"reason,omitempty"`
}

// Journal is an open journal file.
type Journal struct {
	path  string
	f     *os.File
	n     int
	after func(n int, step string)
	now   func() time.Time
}

// journalState is what a journal says happened.
type journalState struct {
	plan        *Plan
	fileIntents map[string]*record // latest file-intent per path
	envIntents  map[string]*record
	newIntents  map[string]*record // new files the run may have created
	policies    []*record          // policy records, in order
	ended       bool
	rolledBack  bool
	records     int
}

// DefaultJournalPath returns the journal path for a plan under root.
func DefaultJournalPath(root, planID string) string {
	return filepath.Join(root, filepath.FromSlash(JournalDir), planID+".jsonl")
}

// createJournal creates a new journal holding p. It fails if the file
// exists.
func createJournal(path string, p *Plan, after func(n int, step string)) (*Journal, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the journal directory: %w", err)
	}
	if filepath.Base(filepath.Dir(dir)) == ".secretlint" || strings.HasSuffix(filepath.ToSlash(dir), JournalDir) {
		gi := filepath.Join(dir, ".gitignore")
		if _, err := os.Stat(gi); errors.Is(err, fs.ErrNotExist) {
			_ = os.WriteFile(gi, []byte("# secretlint remediate journals: local state, never commit\n*\n"), 0o644)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// The same plan again: the files are back as the plan saw them
		// (a rollback, or a checkout). A finished run's journal is kept
		// under another name; an unfinished one must be resumed first.
		st, rerr := readJournal(path)
		if rerr != nil || !st.ended && !st.rolledBack {
			return nil, fmt.Errorf("a journal for plan %s exists (%s): finish that run with --resume, or undo it with --rollback %s", p.ID, path, path)
		}
		old := strings.TrimSuffix(path, ".jsonl") + "." + time.Now().UTC().Format("20060102T150405.000000000Z") + ".jsonl"
		if err := os.Rename(path, old); err != nil {
			return nil, fmt.Errorf("keeping the previous journal: %w", err)
		}
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	}
	if err != nil {
		return nil, fmt.Errorf("creating the journal: %w", err)
	}
	j := &Journal{path: path, f: f, now: time.Now, after: after}
	if err := syncDir(dir); err != nil {
		_ = f.Close() // already failing
		return nil, err
	}
	if err := j.append(record{Step: stepBegin, Plan: p}); err != nil {
		_ = f.Close() // already failing
		return nil, err
	}
	return j, nil
}

// openJournal reads a journal and opens it for appending. A last line cut
// short by a crash is dropped.
func openJournal(path string) (*Journal, *journalState, error) {
	st, err := readJournal(path)
	if err != nil {
		return nil, nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 != len(data) {
		if err := os.Truncate(path, int64(i+1)); err != nil {
			return nil, nil, fmt.Errorf("dropping the journal's torn last line: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the journal: %w", err)
	}
	return &Journal{path: path, f: f, n: st.records, now: time.Now}, st, nil
}

// readJournal replays a journal.
func readJournal(path string) (*journalState, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the journal: %w", err)
	}
	st := &journalState{fileIntents: map[string]*record{}, envIntents: map[string]*record{}, newIntents: map[string]*record{}}
	// Every complete line ends with "\n"; what follows the last one is
	// empty or a line torn by a crash, which is ignored.
	lines := bytes.Split(data, []byte("\n"))
	lines = lines[:len(lines)-1]
	for i, line := range lines {
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("journal %s line %d is not a journal record", path, i+1)
		}
		st.records++
		switch r.Step {
		case stepBegin:
			if r.Plan == nil || r.Plan.Format != PlanFormat {
				return nil, fmt.Errorf("journal %s: no plan in its first record", path)
			}
			if r.Plan.computeID() != r.Plan.ID {
				return nil, fmt.Errorf("journal %s: its plan was modified", path)
			}
			st.plan = r.Plan
		case stepFileIntent:
			rr := r
			st.fileIntents[r.Path] = &rr
		case stepEnvIntent:
			rr := r
			st.envIntents[r.Path] = &rr
		case stepNewIntent:
			rr := r
			st.newIntents[r.Path] = &rr
		case stepPolicy:
			rr := r
			st.policies = append(st.policies, &rr)
		case stepEnd:
			st.ended = true
		case stepRollbackEnd:
			st.rolledBack = true
		}
	}
	if st.plan == nil {
		return nil, fmt.Errorf("%s is not a secretlint remediation journal", path)
	}
	return st, nil
}

// append writes r as one line and fsyncs it.
func (j *Journal) append(r record) error {
	r.Time = j.now().UTC().Format(time.RFC3339Nano)
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("syncing the journal: %w", err)
	}
	j.n++
	if j.after != nil {
		j.after(j.n, r.Step)
	}
	return nil
}

// Path returns the journal's file name.
func (j *Journal) Path() string { return j.path }

// close closes the journal and, when *err is nil, sets it to the Close
// error: the journal is a file we write, so a failing Close is reported
// even though every record was synced as it was appended.
func (j *Journal) close(err *error) {
	if cerr := j.f.Close(); cerr != nil && *err == nil {
		*err = fmt.Errorf("closing the journal: %w", cerr)
	}
}

// FindUnfinishedJournal returns the newest journal under root's JournalDir
// that has no end record, for --resume without a path.
func FindUnfinishedJournal(root string) (string, error) {
	dir := filepath.Join(root, filepath.FromSlash(JournalDir))
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	type cand struct {
		path string
		mod  time.Time
	}
	var cands []cand
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".jsonl") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		st, err := readJournal(p)
		if err != nil || st.ended || st.rolledBack {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		cands = append(cands, cand{p, info.ModTime()})
	}
	if len(cands) == 0 {
		return "", fmt.Errorf("no unfinished journal in %s: nothing to resume", dir)
	}
	slices.SortFunc(cands, func(a, b cand) int { return b.mod.Compare(a.mod) })
	return cands[0].path, nil
}

// PlanFromJournal returns the plan recorded in a journal.
func PlanFromJournal(path string) (*Plan, error) {
	st, err := readJournal(path)
	if err != nil {
		return nil, err
	}
	return st.plan, nil
}
