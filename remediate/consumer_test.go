package remediate_test

import (
	"context"
	"flag"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
)

var updateConsumers = flag.Bool("update-consumers", false, "rewrite the consumer goldens under testdata/remediate/consumers")

// consumerRun is what every consumer's proof starts from: the tree at src
// (a directory under testdata/remediate/consumers) is copied, scanned with
// the real scanner, planned in the native reference mode against an
// in-memory store of backend, applied, and its env maps resolved. The
// caller then reads the original and the rewritten files with the
// consumer's own parser and compares their meaning.
type consumerRun struct {
	root     string
	orig     map[string]string // path -> content before
	findings []finding.Finding
	plan     *remediate.Plan
	store    remediate.Store
	// report is the apply's report.
	report *remediate.Report
	// env is, per directory of the tree, the variables of the env map
	// written there resolved to their values.
	env map[string]map[string]string
	// envFiles is every env map the run wrote (a directory's, and those a
	// consumer names after a file, as Terraform does for .tfvars), by
	// path, resolved.
	envFiles map[string]map[string]string
	// proofs holds, by consumer, what a checker proves once for the
	// whole run (the Kubernetes cluster view, ansible's store).
	proofs map[string]any
}

func runConsumer(t *testing.T, src, backend string, opts remediate.PlanOptions) *consumerRun {
	t.Helper()
	return runConsumerOn(t, src, memstore.New(memstore.Options{Kind: backend}), opts)
}

// runConsumerOn is runConsumer against a given store (kumo, Vault).
func runConsumerOn(t *testing.T, src string, st remediate.Store, opts remediate.PlanOptions) *consumerRun {
	t.Helper()
	root := copyTree(t, src)
	cr := &consumerRun{root: root, orig: snapshot(t, root), env: map[string]map[string]string{},
		envFiles: map[string]map[string]string{}, proofs: map[string]any{}}
	cr.findings = realScan(t, root)
	if len(cr.findings) == 0 {
		t.Fatal("the fixture has no findings")
	}
	cr.store = st
	opts.Root, opts.Refs = root, cr.store
	p, err := remediate.NewPlan(t.Context(), cr.findings, opts)
	if err != nil {
		t.Fatal(err)
	}
	cr.plan = p
	b, err := p.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	cr.noValues(t, "plan", string(b))
	rep, err := remediate.Apply(t.Context(), p, applyOpts(root, cr.store))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete {
		t.Fatalf("apply incomplete: %+v", rep.Files)
	}
	cr.report = rep
	for _, ef := range p.EnvFiles {
		content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(ef.Path)))
		if err != nil {
			t.Fatal(err)
		}
		refs, err := remediate.ParseEnvMap(content)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := remediate.ResolveEnv(t.Context(), refs, "secret", func(context.Context, string, string) (remediate.Store, error) {
			return cr.store, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		cr.envFiles[ef.Path] = vals
		if path.Base(ef.Path) == remediate.DefaultEnvFileName {
			cr.env[path.Dir(ef.Path)] = vals
		}
	}
	return cr
}

// moved reports how many of the run's findings were rewritten, and lists
// those that were not.
func (cr *consumerRun) moved() (n int, left []string) {
	for _, pf := range cr.plan.Files {
		for _, e := range pf.Edits {
			n += len(e.Fingerprints)
		}
	}
	for _, s := range cr.plan.Skipped {
		left = append(left, s.File+": "+s.RuleID+": "+s.Reason)
	}
	return n, left
}

// allMoved checks that every finding was moved, by the consumers want
// (in any order), and logs the count.
func (cr *consumerRun) allMoved(t *testing.T, want ...string) {
	t.Helper()
	n, left := cr.moved()
	t.Logf("moved %d of %d findings; left: %q", n, len(cr.findings), left)
	if len(left) > 0 || n != len(cr.findings) {
		t.Errorf("moved %d of %d findings; left: %q", n, len(cr.findings), left)
	}
	if got := slices.Sorted(slices.Values(cr.consumersOf())); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("consumers %q, want %q", got, want)
	}
}

// read returns a file of the rewritten tree.
func (cr *consumerRun) read(t testing.TB, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cr.root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// finish checks what every consumer must keep: the rewritten tree holds
// no value, a new plan finds nothing to do, the rewritten files match
// their goldens (none checked when golden is ""), and rollback restores
// every file byte for byte and removes the files the run created.
func (cr *consumerRun) finish(t *testing.T, golden string) {
	t.Helper()
	for _, pf := range cr.plan.Files {
		got := cr.read(t, pf.Path)
		cr.noValues(t, pf.Path, got)
		if golden == "" {
			continue
		}
		want := filepath.Join(golden, filepath.FromSlash(pf.Path)+".golden")
		if *updateConsumers {
			if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(want)
		if err != nil {
			t.Fatalf("%v (run go test ./remediate -run %s -update-consumers)", err, t.Name())
		}
		if string(b) != got {
			t.Errorf("%s differs from %s (run go test ./remediate -run %s -update-consumers)", pf.Path, want, t.Name())
		}
	}
	for _, ef := range cr.plan.EnvFiles {
		cr.noValues(t, ef.Path, cr.read(t, ef.Path))
	}
	for _, nf := range cr.plan.NewFiles {
		got := cr.read(t, nf.Path)
		cr.noValues(t, nf.Path, got)
		if got != nf.Content {
			t.Errorf("the new file %s does not hold the planned content", nf.Path)
		}
		want := filepath.Join(golden, filepath.FromSlash(nf.Path)+".golden")
		if golden == "" {
			continue
		}
		if *updateConsumers {
			if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if b, err := os.ReadFile(want); err != nil || string(b) != got {
			t.Errorf("%s differs from %s (run go test ./remediate -run %s -update-consumers)", nf.Path, want, t.Name())
		}
	}
	again, err := remediate.NewPlan(t.Context(), realScan(t, cr.root), remediate.PlanOptions{Root: cr.root, Refs: cr.store})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("a second plan still rewrites %d files", len(again.Files))
	}
	rep, err := remediate.Rollback(t.Context(), remediate.DefaultJournalPath(cr.root, cr.plan.ID), applyOpts(cr.root, cr.store))
	if err != nil || !rep.Complete {
		t.Fatalf("rollback: %v %+v", err, rep)
	}
	now := snapshot(t, cr.root)
	for p, before := range cr.orig {
		if now[p] != before {
			t.Errorf("rollback: %s is not restored byte for byte", p)
		}
	}
	for p := range now {
		if _, ok := cr.orig[p]; !ok && !strings.HasPrefix(p, ".secretlint/") {
			t.Errorf("rollback left %s, which the run created", p)
		}
	}
}

// noValues fails if out holds a value that was moved (the findings of
// the files that were rewritten).
func (cr *consumerRun) noValues(t testing.TB, what, out string) {
	t.Helper()
	rewritten := map[string]bool{}
	for _, pf := range cr.plan.Files {
		rewritten[pf.Path] = true
	}
	for _, f := range cr.findings {
		if v := f.Secret.Reveal(); rewritten[f.File] && len(v) >= 6 && strings.Contains(out, v) && !cr.skipped(f) {
			t.Errorf("%s holds the value found at %s:%d (%s)", what, f.File, f.Line, finding.Redact(v))
		}
	}
}

// skipped reports whether the plan left f where it is.
func (cr *consumerRun) skipped(f finding.Finding) bool {
	for _, s := range cr.plan.Skipped {
		if s.Fingerprint == f.Fingerprint {
			return true
		}
	}
	return false
}

// consumersOf lists the consumers the plan's files were rewritten for.
func (cr *consumerRun) consumersOf() []string {
	var out []string
	for _, pf := range cr.plan.Files {
		if !slices.Contains(out, pf.Consumer) {
			out = append(out, pf.Consumer)
		}
	}
	return out
}
