package remediate_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/testtree"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
)

// Issue 16: a repository (and so a plan or a journal found in it) is
// untrusted input.

const trustSalt = "trust-test-salt"

// smallTree is a tree with one secret in deploy/values.yaml; the value is
// made up here, clearly fake.
func smallTree(t *testing.T) (root string, value string) {
	t.Helper()
	root = t.TempDir()
	value = "fake-" + strings.Repeat("Q7w", 4) + "-not-a-secret"
	testtree.Write(t, root, map[string]string{"deploy/values.yaml": "db:\n  password: " + value + "\n"})
	return root, value
}

func saltedPlan(t *testing.T, root string, st remediate.Referencer) *remediate.Plan {
	t.Helper()
	p, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, Refs: st, Salt: trustSalt})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 {
		t.Fatalf("plan files: %d, want 1", len(p.Files))
	}
	return p
}

func saltedOpts(root string, st remediate.Store) remediate.ApplyOptions {
	o := applyOpts(root, st)
	o.Salt = trustSalt
	return o
}

func planError(t *testing.T, err error, check string) {
	t.Helper()
	var pe *remediate.PlanError
	if !errors.As(err, &pe) || pe.Check != check {
		t.Fatalf("got %v, want a refusal by the %s check", err, check)
	}
}

func noJournal(t *testing.T, root string) {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(root, remediate.JournalDir, "*.jsonl")); len(m) > 0 {
		t.Errorf("a journal was created for a refused plan: %v", m)
	}
}

// Item 1: the ID is keyed by the salt, so an edited plan (a secret
// renamed) is refused even when its ID is recomputed without the salt;
// a path out of the root is refused even with a valid ID.
func TestTamperedPlanRefused(t *testing.T) {
	root, _ := smallTree(t)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := saltedPlan(t, root, st)
	b, _ := p.MarshalIndent()
	if _, err := remediate.ReadPlan(b, trustSalt); err != nil {
		t.Fatalf("the untouched plan: %v", err)
	}
	if _, err := remediate.ReadPlan(b, ""); err == nil {
		t.Errorf("a plan made with a salt was accepted under the default salt")
	}

	// Renamed secret, ID recomputed by someone without the salt.
	p.Secrets[0].Name = "attacker/chosen"
	p.Files[0].Edits[0].Secret = "attacker/chosen"
	p.Reseal("")
	b, _ = p.MarshalIndent()
	_, err := remediate.ReadPlan(b, trustSalt)
	planError(t, err, "id")

	// A path out of the root, even with the right salt.
	outside := filepath.Join(filepath.Dir(root), "outside-"+filepath.Base(root))
	testtree.Write(t, outside, map[string]string{"config.yaml": "untouched\n"})
	for _, bad := range []string{"../" + filepath.Base(outside) + "/config.yaml", outside + "/config.yaml", "deploy/../../x.yaml", "./deploy/values.yaml"} {
		p := saltedPlan(t, root, st)
		p.Files[0].Path = bad
		p.Reseal(trustSalt)
		b, _ := p.MarshalIndent()
		_, err := remediate.ReadPlan(b, trustSalt)
		planError(t, err, "path")
		_, err = remediate.Apply(t.Context(), p, saltedOpts(root, st))
		planError(t, err, "path")
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "config.yaml")); string(got) != "untouched\n" {
		t.Errorf("a file outside the root was written: %q", got)
	}
	noJournal(t, root)
}

// Item 3: a directory link inside the tree (to outside it) is never
// written through, and the .secretlint directory or the journal's
// .gitignore being links is refused.
func TestSymlinksNeverWrittenThrough(t *testing.T) {
	root, value := smallTree(t)
	outside := t.TempDir()
	testtree.Write(t, outside, map[string]string{"values.yaml": "db:\n  password: " + value + "\n"})
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := saltedPlan(t, root, st)
	if err := os.Symlink(outside, filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	p.Files[0].Path = "linked/values.yaml"
	p.Reseal(trustSalt)
	_, err := remediate.Apply(t.Context(), p, saltedOpts(root, st))
	planError(t, err, "path")
	if !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("the refusal does not say why: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "values.yaml")); !bytes.Contains(got, []byte(value)) {
		t.Errorf("the file behind the link was rewritten")
	}

	// .secretlint is a link out of the tree: no journal lands there.
	root2, _ := smallTree(t)
	journals := t.TempDir()
	p2 := saltedPlan(t, root2, st)
	if err := os.Symlink(journals, filepath.Join(root2, ".secretlint")); err != nil {
		t.Fatal(err)
	}
	if _, err := remediate.Apply(t.Context(), p2, saltedOpts(root2, st)); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("apply with a linked .secretlint: %v", err)
	}
	if entries, _ := os.ReadDir(journals); len(entries) > 0 {
		t.Errorf("files created through the .secretlint link: %v", entries)
	}

	// A dangling link at the journal's .gitignore: nothing created at
	// its target.
	root3, _ := smallTree(t)
	target := filepath.Join(t.TempDir(), "created-outside")
	if err := os.MkdirAll(filepath.Join(root3, remediate.JournalDir), 0o700); err != nil {
		t.Fatal(err)
	}
	p3 := saltedPlan(t, root3, st)
	if err := os.Symlink(target, filepath.Join(root3, remediate.JournalDir, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if _, err := remediate.Apply(t.Context(), p3, saltedOpts(root3, st)); err == nil || !strings.Contains(err.Error(), ".gitignore") {
		t.Errorf("apply with a linked .gitignore: %v", err)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Errorf("a file was created through the dangling .gitignore link")
	}
}

// Item 12: spans are checked before the journal exists: no panic, and
// nothing to resume.
func TestBadOffsetsRefusedBeforeJournal(t *testing.T) {
	st := memstore.New(memstore.Options{Kind: "vault"})
	for name, mutate := range map[string]func(e *remediate.Edit){
		"offset after end": func(e *remediate.Edit) { e.Offset, e.EndOffset = e.EndOffset+3, e.Offset },
		"negative":         func(e *remediate.Edit) { e.Offset, e.FindingOffset = -5, -5 },
		"past the file":    func(e *remediate.Edit) { e.EndOffset, e.FindingEnd = 1<<20, 1<<20 },
		"finding elsewhere": func(e *remediate.Edit) {
			e.FindingOffset, e.FindingEnd = e.EndOffset+1, e.EndOffset+2
		},
	} {
		t.Run(name, func(t *testing.T) {
			root, _ := smallTree(t)
			p := saltedPlan(t, root, st)
			mutate(p.Files[0].Edits[0])
			p.Reseal(trustSalt)
			_, err := remediate.Apply(t.Context(), p, saltedOpts(root, st))
			planError(t, err, "edit")
			noJournal(t, root)
		})
	}
	// Overlapping edits.
	root, _ := smallTree(t)
	p := saltedPlan(t, root, st)
	e := *p.Files[0].Edits[0]
	p.Files[0].Edits = append(p.Files[0].Edits, &e)
	p.Reseal(trustSalt)
	b, _ := p.MarshalIndent()
	_, err := remediate.ReadPlan(b, trustSalt)
	planError(t, err, "edit")
}

// Item 9: a plan's file hashes are keyed by the salt, not plain SHA-256
// of a file that holds a value.
func TestPlanFileHashesSalted(t *testing.T) {
	root, _ := smallTree(t)
	content, _ := os.ReadFile(filepath.Join(root, "deploy/values.yaml"))
	plain := sha256.Sum256(content)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := saltedPlan(t, root, st)
	p2, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, Refs: st, Salt: "another salt"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Files[0].Before == hex.EncodeToString(plain[:]) {
		t.Errorf("before_sha256 is the plain SHA-256 of the file")
	}
	if p.Files[0].Before == p2.Files[0].Before || p.Files[0].After == p2.Files[0].After {
		t.Errorf("file hashes do not depend on the salt")
	}
}

// Item 2: a journal not written on this machine (another key, or none)
// is refused by --resume and --rollback and passed over by the search for
// an unfinished one; a journal tracked by git is refused.
func TestPlantedJournalRefused(t *testing.T) {
	root, _ := smallTree(t)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := saltedPlan(t, root, st)
	other := saltedOpts(root, st)
	other.JournalKey = bytes.Repeat([]byte{1}, 32)
	stop := errors.New("stop")
	other.AfterStep = func(n int, step string) {
		if n == 2 {
			panic(stop)
		}
	}
	func() {
		defer func() {
			if r := recover(); r != any(stop) {
				panic(r)
			}
		}()
		_, _ = remediate.Apply(t.Context(), p, other)
	}()
	jp := remediate.DefaultJournalPath(root, p.ID)
	mine := saltedOpts(root, st)
	mine.JournalKey = bytes.Repeat([]byte{2}, 32)
	if _, err := remediate.Resume(t.Context(), jp, mine); err == nil || !strings.Contains(err.Error(), "not written by secretlint on this machine") {
		t.Errorf("resume of a journal under another key: %v", err)
	}
	if _, err := remediate.Rollback(t.Context(), jp, mine); err == nil {
		t.Errorf("rollback of a journal under another key succeeded")
	}
	if got, err := remediate.FindUnfinishedJournal(root, mine); err == nil {
		t.Errorf("found %s, a journal under another key", got)
	}
	if got, err := remediate.FindUnfinishedJournal(root, other); err != nil || got != jp {
		t.Errorf("the key that wrote it does not find it: %q %v", got, err)
	}
	// A hand-written journal (no MAC).
	data, _ := os.ReadFile(jp)
	var begin map[string]any
	_ = json.Unmarshal(bytes.SplitN(data, []byte("\n"), 2)[0], &begin)
	delete(begin, "mac")
	line, _ := json.Marshal(begin)
	planted := filepath.Join(root, remediate.JournalDir, "planted.jsonl")
	if err := os.WriteFile(planted, append(line, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := remediate.PlanFromJournal(planted, mine); err == nil {
		t.Errorf("a journal without MACs was read")
	}

	// Tracked by git: refused even under the right key.
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the tracked-journal case needs it")
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-f", jp}} {
		cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	if _, err := remediate.Resume(t.Context(), jp, other); err == nil || !strings.Contains(err.Error(), "tracked by git") {
		t.Errorf("resume of a tracked journal: %v", err)
	}
}

// Item 4: apply, resume and rollback hold the tree's lock (a second run
// is refused, naming the holder's PID), and a file edited while the run
// talked to the store is left as the user wrote it.
func TestTreeLockAndConcurrentEdit(t *testing.T) {
	root, value := smallTree(t)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := saltedPlan(t, root, st)
	o := saltedOpts(root, st)
	file := filepath.Join(root, "deploy/values.yaml")
	edited := "db:\n  password: " + value + "\n# the user's edit, made during the run\n"
	var second error
	o.AfterStep = func(n int, step string) {
		if step == "verified" {
			// A second remediation of the same tree while this one runs.
			q := saltedPlan(t, root, st)
			_, second = remediate.Apply(t.Context(), q, saltedOpts(root, st))
			// And an edit of the file between the read and the write.
			if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
				t.Error(err)
			}
		}
	}
	rep, err := remediate.Apply(t.Context(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(second, remediate.ErrLocked) || !strings.Contains(second.Error(), "PID "+strconv.Itoa(os.Getpid())) {
		t.Errorf("second apply: %v, want a refusal naming PID %d", second, os.Getpid())
	}
	if got, _ := os.ReadFile(file); string(got) != edited {
		t.Errorf("the edit made during the run was lost: %q", got)
	}
	if len(rep.Files) != 1 || rep.Files[0].Status != remediate.FileChanged || rep.Complete {
		t.Errorf("report: %+v, want the file reported as changed", rep.Files[0])
	}
	// The lock is released at the end.
	if _, err := remediate.Rollback(t.Context(), rep.Journal, saltedOpts(root, st)); errors.Is(err, remediate.ErrLocked) {
		t.Errorf("the lock outlived the run: %v", err)
	}
}

// Item 15: file names in the plan are printed escaped, as scan prints
// them.
func TestPlanEscapesFileNames(t *testing.T) {
	p := &remediate.Plan{Format: remediate.PlanFormat, Backend: "vault", Skipped: []*remediate.Skipped{{
		File: "evil\x1b[2J\u202etxt.yaml", Line: 1, Column: 1, RuleID: "r", Status: remediate.StatusNotRewritable, Reason: "x",
	}}}
	var out bytes.Buffer
	if err := remediate.WritePlan(&out, p, remediate.ShowOptions{}); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(out.Bytes(), "\x1b\u202e") || !strings.Contains(out.String(), `evil\x1b[2J\u202etxt.yaml`) {
		t.Errorf("plan output does not escape the file name:\n%q", out.String())
	}
}
