package remediate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/memstore"
)

// fakeGo rewrites each site's literal into a MustGet call, textually, and
// fails verification on demand.
type fakeGo struct {
	failVerify bool
}

// fakeRequire is what the fake rewriter adds to go.mod.
const fakeRequire = "\nrequire github.com/secretlint-go/secretlint/secretref v1.2.3\n"

func (g *fakeGo) RewriteGo(ctx context.Context, root string, sites []remediate.GoSite) (map[string][]byte, []remediate.GoOutcome, error) {
	news := map[string][]byte{}
	outs := make([]remediate.GoOutcome, len(sites))
	for i, s := range sites {
		orig, err := os.ReadFile(filepath.Join(root, s.File))
		if err != nil {
			return nil, nil, err
		}
		src := news[s.File]
		if src == nil {
			src = orig
		}
		lit := string(orig[s.Offset:s.EndOffset])
		v, _ := strconv.Unquote(lit)
		news[s.File] = []byte(strings.Replace(string(src), lit, "secretref.MustGet("+strconv.Quote(s.Ref)+")", 1))
		outs[i] = remediate.GoOutcome{Rewritten: true, Package: "example.com/p", Value: finding.NewSecret(v)}
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, nil, err
	}
	news["go.mod"] = append(mod, fakeRequire...)
	return news, outs, nil
}

func (g *fakeGo) VerifyGo(ctx context.Context, root string, files []string) (map[string]string, error) {
	out := map[string]string{}
	if g.failVerify {
		for _, f := range files {
			out[f] = "does not type-check (fake)"
		}
	}
	return out, nil
}

// TestApplyGoRestoresWhenVerifyFails checks the engine's side of Go
// rewrites with a fake rewriter: the files of a package are written, and
// restored byte for byte from the store's values when the written package
// does not build; go.mod is listed in the plan and its diff, written with
// the package, and restored with it; the plan holds no value.
func TestApplyGoRestoresWhenVerifyFails(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run("verify fails="+strconv.FormatBool(fail), func(t *testing.T) {
			root := t.TempDir()
			const v1, v2 = "Kq7-go-secret-value-one", "Zt4-go-secret-value-two"
			src := "package p\n\nvar a = \"" + v1 + "\"\n\nvar b = \"" + v2 + "\"\n"
			if err := os.WriteFile(filepath.Join(root, "p.go"), []byte(src), 0o640); err != nil {
				t.Fatal(err)
			}
			const gomod = "module example.com/p\n\ngo 1.26\n"
			if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte(gomod), 0o644); err != nil {
				t.Fatal(err)
			}
			var fs []finding.Finding
			for i, v := range []string{v1, v2} {
				off := strings.Index(src, `"`+v+`"`)
				fs = append(fs, finding.Finding{RuleID: "hardcoded-credential", File: "p.go", Line: 3 + 2*i, Column: 9, Offset: off, EndOffset: off + len(v) + 2,
					KeyPath: "k" + strconv.Itoa(i), Secret: finding.NewSecret(v), Fingerprint: "fp" + strconv.Itoa(i)})
			}
			g := &fakeGo{failVerify: fail}
			store := memstore.New(memstore.Options{Kind: "vault"})
			p, err := remediate.NewPlan(context.Background(), fs, remediate.PlanOptions{Root: root, Refs: store, Go: g})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Files) != 2 || !p.Files[0].GoMod || p.Files[0].Path != "go.mod" || goValueEdits(p.Files[1]) != 2 || p.Files[1].GoPackage != "example.com/p" {
				for _, s := range p.Skipped {
					t.Log(s.Reason)
				}
				t.Fatalf("plan: %d files, skipped %d", len(p.Files), len(p.Skipped))
			}
			var show bytes.Buffer
			if err := remediate.WritePlan(&show, p, remediate.ShowOptions{Root: root, Diff: true}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(show.String(), "go.mod:4:1  require the Go runtime modules") || !strings.Contains(show.String(), "+require github.com/secretlint-go/secretlint/secretref v1.2.3") {
				t.Errorf("the plan does not show the go.mod change:\n%s", show.String())
			}
			data, _ := p.MarshalIndent()
			if strings.Contains(string(data), v1) || strings.Contains(string(data), v2) {
				t.Fatal("the plan holds a value")
			}
			rep, err := remediate.Apply(context.Background(), p, remediate.ApplyOptions{Root: root, Store: store, Go: g})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(filepath.Join(root, "p.go"))
			fi, _ := os.Stat(filepath.Join(root, "p.go"))
			if fi.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want 0640", fi.Mode().Perm())
			}
			mod, _ := os.ReadFile(filepath.Join(root, "go.mod"))
			if fail {
				if string(got) != src {
					t.Errorf("the file was not restored byte for byte")
				}
				if string(mod) != gomod {
					t.Errorf("go.mod was not restored with the package: %q", mod)
				}
				if rep.Complete || rep.Files[1].Status != remediate.FileSkipped || !strings.Contains(rep.Files[1].Reason, "restored") {
					t.Errorf("report: complete %v, %+v", rep.Complete, rep.Files[1])
				}
				return
			}
			if strings.Contains(string(got), v1) || strings.Contains(string(got), v2) || !strings.Contains(string(got), "secretref.MustGet(") {
				t.Errorf("the file was not rewritten")
			}
			if string(mod) != gomod+fakeRequire {
				t.Errorf("go.mod was not written: %q", mod)
			}
			if !rep.Complete {
				t.Errorf("report not complete: %+v %+v", *rep.Files[0], *rep.Files[1])
			}
			// Rollback restores it from the store.
			rb, err := remediate.Rollback(context.Background(), rep.Journal, remediate.ApplyOptions{Root: root, Store: store, Go: g})
			if err != nil {
				t.Fatal(err)
			}
			got, _ = os.ReadFile(filepath.Join(root, "p.go"))
			mod, _ = os.ReadFile(filepath.Join(root, "go.mod"))
			if string(got) != src || string(mod) != gomod || !rb.Complete {
				t.Errorf("rollback did not restore p.go and go.mod byte for byte")
			}
		})
	}
}

func goValueEdits(pf *remediate.PlanFile) int {
	n := 0
	for _, e := range pf.Edits {
		if e.Kind == remediate.EditGo {
			n++
		}
	}
	return n
}
