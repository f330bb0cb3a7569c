package remediate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/awssm"
)

// benchTree writes files YAML files holding perFile secrets each (plain,
// quoted and block scalars, with comments), plus a few shared values, and
// returns the root and its findings.
func benchTree(b testing.TB, files, perFile int) (string, []finding.Finding) {
	b.Helper()
	root := b.TempDir()
	for i := range files {
		var sb strings.Builder
		fmt.Fprintf(&sb, "# service %d\nservice:\n  name: svc-%d\n  replicas: 3\n", i, i)
		for j := range perFile {
			v := fmt.Sprintf("Bv-%04d-%02d-q8Lm2vXk9zPw7Tr3", i, j)
			if j == perFile-1 && i%10 == 0 {
				v = fmt.Sprintf("Bv-shared-%02d-Zt8kQ2vLm91x", i%7) // same value in several files
			}
			switch j % 3 {
			case 0:
				fmt.Fprintf(&sb, "  password_%d: %s  # db\n", j, v)
			case 1:
				fmt.Fprintf(&sb, "  token_%d: \"%s\"\n", j, v)
			default:
				fmt.Fprintf(&sb, "  secret_%d: '%s'\n  other_%d: plain-%d\n", j, v, j, j)
			}
		}
		dir := filepath.Join(root, fmt.Sprintf("svc%02d", i%20))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("values-%03d.yaml", i)), []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fs := scanBench(b, root)
	if len(fs) != files*perFile {
		b.Fatalf("%d findings, want %d", len(fs), files*perFile)
	}
	return root, fs
}

// scanBench finds the benchmark tree's values with the test scanner,
// treating the generated key names as secret keys.
func scanBench(b testing.TB, root string) []finding.Finding {
	saved := map[string]bool{}
	for k, v := range secretKeys {
		saved[k] = v
	}
	for j := range 10 {
		secretKeys[fmt.Sprintf("password_%d", j)] = true
		secretKeys[fmt.Sprintf("token_%d", j)] = true
		secretKeys[fmt.Sprintf("secret_%d", j)] = true
	}
	defer func() {
		clear(secretKeys)
		for k, v := range saved {
			secretKeys[k] = v
		}
	}()
	return scanTree(b, root)
}

// BenchmarkPlan1000 plans 1 000 findings across 200 files (the bar: under
// 2 s per plan).
func BenchmarkPlan1000(b *testing.B) {
	root, fs := benchTree(b, 200, 5)
	refs := remediate.RefSyntax{Backend: "vault"}
	b.ResetTimer()
	for b.Loop() {
		p, err := remediate.NewPlan(b.Context(), fs, remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: refs})
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Files) != 200 || len(p.Skipped) != 0 {
			b.Fatalf("%d files, %d skipped", len(p.Files), len(p.Skipped))
		}
	}
}

// BenchmarkApplyKumo1000 applies a plan of 1 000 findings across 200 files
// against the kumo emulator (the bar: under 30 s per apply), with the
// journal and every file fsynced.
func BenchmarkApplyKumo1000(b *testing.B) {
	_, cfg := testenv.AWS(b)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	n := 0
	for b.Loop() {
		b.StopTimer()
		root, fs := benchTree(b, 200, 5)
		n++
		naming, _ := remediate.NewNaming(fmt.Sprintf("bench%d-%d", time.Now().UnixNano(), n), "", "")
		p, err := remediate.NewPlan(b.Context(), fs, remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: st, Naming: naming})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := remediate.Apply(b.Context(), p, remediate.ApplyOptions{Root: root, Store: st})
		if err != nil || !rep.Complete {
			b.Fatalf("apply: %v", err)
		}
	}
}

// TestPlanSpeed keeps the plan bar honest in every test run, with room for
// a slow shared machine: 1 000 findings across 200 files in under 2 s.
func TestPlanSpeed(t *testing.T) {
	root, fs := benchTree(t, 200, 5)
	start := time.Now()
	p, err := remediate.NewPlan(t.Context(), fs, remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: remediate.RefSyntax{Backend: "aws"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("plan of %d findings in %d files took %v, want < 2s", len(fs), len(p.Files), d)
	}
	// Shared values: one secret key, several places.
	shared := 0
	for _, s := range p.Secrets {
		for _, k := range s.Keys {
			if len(k.Places) > 1 {
				shared++
			}
		}
	}
	if shared != 7 {
		t.Errorf("%d shared keys, want 7", shared)
	}
}

// BenchmarkScanAndPlan1000 is the whole dry run minus printing: the real
// scanner over the 200 files, then the plan of its findings.
func BenchmarkScanAndPlan1000(b *testing.B) {
	root, _ := benchTree(b, 200, 5)
	refs := remediate.RefSyntax{Backend: "aws"}
	for b.Loop() {
		fs := realScan(b, root)
		p, err := remediate.NewPlan(b.Context(), fs, remediate.PlanOptions{Root: root, RefMode: remediate.RefsVals, Refs: refs})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(p.Files); n != 200 {
			b.Fatalf("%d files planned, want 200 (%d findings, %d skipped)", n, len(fs), len(p.Skipped))
		}
	}
}
