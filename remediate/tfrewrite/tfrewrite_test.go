package tfrewrite

import (
	"bytes"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/scan"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/remediate/terraform")

const dir = "../../testdata/remediate/terraform"

func fake(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// fill replaces the placeholders of a test input with fake secrets made
// now: @@S@@ a random password, @@AKID@@ an AWS access key ID.
func fill(src []byte) ([]byte, []string) {
	var values []string
	s := string(src)
	for strings.Contains(s, "@@S@@") {
		v := fake(20, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
		values = append(values, v)
		s = strings.Replace(s, "@@S@@", v, 1)
	}
	for strings.Contains(s, "@@AKID@@") {
		v := "AKIA" + fake(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
		values = append(values, v)
		s = strings.Replace(s, "@@AKID@@", v, 1)
	}
	return []byte(s), values
}

// sitesOf scans a file with the full scanner and turns its findings into
// sites: the secret is named after the file, the key after the key path.
func sitesOf(t *testing.T, name string, src []byte) ([]Site, []finding.Finding) {
	t.Helper()
	fs, notices := scan.ScanFile(context.Background(), nil, name, src)
	if len(notices) > 0 {
		t.Fatalf("%s: notices %v", name, notices)
	}
	sites := make([]Site, len(fs))
	seen := map[string]int{}
	for i, f := range fs {
		segs := yamlscan.SplitKeyPath(f.KeyPath)
		key := f.KeyPath
		if len(segs) > 0 {
			key = segs[len(segs)-1]
		}
		if seen[key]++; seen[key] > 1 {
			key = fmt.Sprintf("%s_%d", key, seen[key]) // two providers' token
		}
		ss, se, ok := SecretSpan(src, f.Line, f.Column, f.EndLine, f.EndColumn)
		if !ok || string(src[ss:se]) != f.Secret.Reveal() && f.Meta["tf.inexact"] == "" {
			t.Fatalf("%s: the secret span of %s does not read the secret", name, f.KeyPath)
		}
		sites[i] = Site{Offset: f.Offset, EndOffset: f.EndOffset, SecretOffset: ss, SecretEnd: se, Meta: f.Meta, Secret: "tf/" + stem(name), Key: key}
	}
	return sites, fs
}

// TestGolden rewrites every input of testdata/remediate/terraform for
// both backends and compares the file and the outcomes with the goldens.
// The rewritten file parses (Rewrite checks it with hclsyntax), holds
// none of the rewritten values, and a new scan finds only the skipped
// sites; rewriting it again changes nothing.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(dir, "*.tf*"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		name := filepath.Base(in)
		raw, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		src, values := fill(raw)
		sites, fs := sitesOf(t, name, src)
		if len(fs) != len(values) {
			t.Errorf("%s: %d findings for %d secrets", name, len(fs), len(values))
		}
		for _, backend := range []string{"aws", "vault"} {
			t.Run(name+"/"+backend, func(t *testing.T) {
				out, outs, err := Rewrite(name, src, sites, Store{Backend: backend})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				b.Write(out)
				b.WriteString("\n# ---- outcomes (not part of the file) ----\n")
				skipped := 0
				for i, o := range outs {
					f := fs[i]
					if o.Form == "" {
						skipped++
						fmt.Fprintf(&b, "# %s: skipped: %s\n", f.KeyPath, o.Reason)
						if !bytes.Contains(out, []byte(f.Secret.Reveal())) {
							t.Errorf("%s: skipped, yet the value is gone", f.KeyPath)
						}
						continue
					}
					fmt.Fprintf(&b, "# %s: %s", f.KeyPath, o.Form)
					if o.EnvVar != "" {
						fmt.Fprintf(&b, " %s", o.EnvVar)
					}
					if o.InState {
						b.WriteString(" (in state)")
					}
					fmt.Fprintf(&b, ": %s\n", o.Note)
					if bytes.Contains(out, []byte(f.Secret.Reveal())) {
						t.Errorf("%s: rewritten, yet the value is still in the file", f.KeyPath)
					}
				}
				golden := filepath.Join(dir, name+"."+backend+".golden")
				if *update {
					if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update)", err)
				}
				// The skipped values are random: compare with them masked.
				got := b.Bytes()
				for _, v := range values {
					got = bytes.ReplaceAll(got, []byte(v), []byte("@@S@@"))
				}
				if *update {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					want = got
				}
				if !bytes.Equal(got, want) {
					t.Errorf("differs from %s (run with -update):\n%s", golden, got)
				}
				readBack(t, name, backend, src, out, sites, outs)
				again, _ := sitesOf(t, name, out)
				if len(again) != skipped {
					t.Errorf("a scan of the rewritten file finds %d secrets, want the %d skipped", len(again), skipped)
				}
				if out2, _, err := Rewrite(name, out, nil, Store{Backend: backend}); err != nil || !bytes.Equal(out2, out) {
					t.Errorf("a second rewrite changes the file (err %v)", err)
				}
			})
		}
	}
}

func TestWriteOnly(t *testing.T) {
	if wo, ver, ok := WriteOnly("aws_db_instance", "password"); !ok || wo != "password_wo" || ver != "password_wo_version" {
		t.Errorf("aws_db_instance.password: %s %s %v", wo, ver, ok)
	}
	if _, _, ok := WriteOnly("aws_db_instance", "username"); ok {
		t.Error("username has no write-only form")
	}
}

func TestRewriteErrors(t *testing.T) {
	if _, _, err := Rewrite("x.tf", []byte("resource \"a\" {\n"), nil, Store{Backend: "aws"}); err == nil {
		t.Error("no error for a file that does not parse")
	}
	if _, _, err := Rewrite("x.yaml", []byte("a: b\n"), nil, Store{Backend: "aws"}); err == nil {
		t.Error("no error for a file that is not Terraform")
	}
	if _, _, err := Rewrite("a.tfvars.json", []byte(`{"a": `), nil, Store{Backend: "aws"}); err == nil {
		t.Error("no error for a .tfvars.json file that does not parse")
	}
}

// readBack proves that every rewritten argument reads back to the value
// it held, with HCL's own evaluator: the argument (the whole top-level
// argument, for a value inside an object or a string) is evaluated
// before, and after with the data and ephemeral blocks the rewrite added
// resolved against a store holding the original values (Secrets Manager:
// a JSON object per secret; Vault KV v2: a map), with jsondecode and
// jsonencode from cty's standard library, as Terraform defines them.
// Arguments that read anything else (var.x, a resource) cannot be
// evaluated here and are counted apart.
func readBack(t *testing.T, name, backend string, src, out []byte, sites []Site, outs []Outcome) (proven, unproven int) {
	t.Helper()
	moved := false
	for _, o := range outs {
		moved = moved || o.Form != "" && o.Form != FormEnv
	}
	if !moved {
		return 0, 0
	}
	before := parse(t, name, src)
	after := parse(t, name, out)
	store := map[string]map[string]string{}
	for i, s := range sites {
		if outs[i].Form == "" || outs[i].Form == FormEnv {
			continue
		}
		v := string(src[s.SecretOffset:s.SecretEnd])
		if w := src[s.Offset:s.EndOffset]; w[0] == '"' && s.SecretOffset <= s.Offset+1 && s.SecretEnd >= s.EndOffset-1 {
			e, diags := hclsyntax.ParseExpression(w, name, hcl.InitialPos)
			lit, vd := e.Value(nil)
			if diags.HasErrors() || vd.HasErrors() {
				t.Fatalf("%s: the literal does not evaluate", s.Meta["tf.path"])
			}
			v = lit.AsString()
		}
		if store[s.Secret] == nil {
			store[s.Secret] = map[string]string{}
		}
		store[s.Secret][s.Key] = v
	}
	// The blocks the rewrite added, resolved against the store.
	roots := map[string]map[string]map[string]cty.Value{"data": {}, "ephemeral": {}}
	for _, b := range after.Blocks {
		if (b.Type != "data" && b.Type != "ephemeral") || len(b.Labels) != 2 || !strings.HasPrefix(b.Labels[1], "secretlint_") {
			continue
		}
		id := "secret_id"
		if backend == "vault" {
			id = "name"
		}
		sv, _ := b.Body.Attributes[id].Expr.Value(nil)
		m := map[string]cty.Value{}
		for k, v := range store[sv.AsString()] {
			m[k] = cty.StringVal(v)
		}
		var attrs map[string]cty.Value
		if backend == "vault" {
			attrs = map[string]cty.Value{"data": cty.MapVal(m)}
		} else {
			js, err := ctyjson.Marshal(cty.ObjectVal(m), cty.Object(typesOf(m)))
			if err != nil {
				t.Fatal(err)
			}
			attrs = map[string]cty.Value{"secret_string": cty.StringVal(string(js))}
		}
		if roots[b.Type][b.Labels[0]] == nil {
			roots[b.Type][b.Labels[0]] = map[string]cty.Value{}
		}
		roots[b.Type][b.Labels[0]][b.Labels[1]] = cty.ObjectVal(attrs)
	}
	vars := map[string]cty.Value{}
	for root, types := range roots {
		o := map[string]cty.Value{}
		for typ, blocks := range types {
			o[typ] = cty.ObjectVal(blocks)
		}
		vars[root] = cty.ObjectVal(o)
	}
	funcs := map[string]function.Function{"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc}
	ctx := &hcl.EvalContext{Variables: vars, Functions: funcs}
	seen := map[string]bool{}
	for i, s := range sites {
		if outs[i].Form == "" || outs[i].Form == FormEnv {
			continue
		}
		attr := s.Meta["tf.attribute"]
		id := s.Meta["tf.block"] + "|" + s.Meta["tf.labels"] + "|" + attr
		if seen[id] {
			continue
		}
		seen[id] = true
		a := attrOf(t, before, s, attr)
		if a == nil {
			unproven++ // in a nested block
			continue
		}
		want, diags := a.Expr.Value(&hcl.EvalContext{Functions: funcs})
		if diags.HasErrors() {
			unproven++ // reads var.x, a resource, a file
			continue
		}
		if outs[i].Form == FormWriteOnly {
			attr, _, _ = WriteOnly(s.Meta["tf.resource_type"], attr)
		}
		a = attrOf(t, after, s, attr)
		if a == nil {
			t.Errorf("%s: no argument %s after the rewrite", s.Meta["tf.path"], attr)
			continue
		}
		got, diags := a.Expr.Value(ctx)
		if diags.HasErrors() {
			t.Errorf("%s: the rewritten %s does not evaluate: %v", s.Meta["tf.path"], attr, diags)
			continue
		}
		if !got.RawEquals(want) {
			t.Errorf("%s: the rewritten %s reads back another value", s.Meta["tf.path"], attr)
			continue
		}
		proven++
	}
	return proven, unproven
}

func typesOf(m map[string]cty.Value) map[string]cty.Type {
	out := make(map[string]cty.Type, len(m))
	for k := range m {
		out[k] = cty.String
	}
	return out
}

func parse(t *testing.T, name string, src []byte) *hclsyntax.Body {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return f.Body.(*hclsyntax.Body)
}

// attrOf finds the argument attr of the site's top-level block.
func attrOf(t *testing.T, body *hclsyntax.Body, s Site, attr string) *hclsyntax.Attribute {
	t.Helper()
	for _, b := range body.Blocks {
		if b.Type == s.Meta["tf.block"] && strings.Join(b.Labels, ",") == s.Meta["tf.labels"] {
			if a := b.Body.Attributes[attr]; a != nil {
				return a
			}
		}
	}
	return nil // an argument of a nested block
}

// TestIaCCorpusMoved rewrites the Terraform part of the labeled IaC
// corpus (testdata/scan/iac/terraform) and reports the fraction of found
// secrets that the rewrite moves to the store; every rewritten file must
// parse and read back.
func TestIaCCorpusMoved(t *testing.T) {
	const corpus = "../../testdata/scan/iac/terraform"
	var found, moved, proven, unproven int
	reasons := map[string]int{}
	err := filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpus, p)
		rel = filepath.ToSlash(rel)
		sites, _ := sitesOf(t, rel, src)
		out, outs, err := Rewrite(rel, src, sites, Store{Backend: "aws"})
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		pr, un := readBack(t, rel, "aws", src, out, sites, outs)
		proven += pr
		unproven += un
		for _, o := range outs {
			found++
			if o.Form != "" {
				moved++
			} else {
				reasons[o.Reason]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Terraform corpus: %d of %d found secrets moved (%.0f %%); %d rewritten arguments read back equal, %d read other values (var.x, resources) and were not evaluated",
		moved, found, 100*float64(moved)/float64(found), proven, unproven)
	for r, n := range reasons {
		t.Logf("  not moved (%d): %s", n, r)
	}
	if found == 0 || moved*100 < found*90 {
		t.Errorf("moved %d of %d: below 90 %%", moved, found)
	}
}
