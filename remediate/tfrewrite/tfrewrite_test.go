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
	for i, f := range fs {
		segs := yamlscan.SplitKeyPath(f.KeyPath)
		key := f.KeyPath
		if len(segs) > 0 {
			key = segs[len(segs)-1]
		}
		sites[i] = Site{Offset: f.Offset, EndOffset: f.EndOffset, Meta: f.Meta, Secret: "tf/" + stem(name), Key: key}
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
	src := []byte(`{"db_password": "x"}`)
	out, outs, err := Rewrite("a.tfvars.json", src, []Site{{Meta: map[string]string{"tf.name": "db_password"}}}, Store{Backend: "aws"})
	if err != nil || !bytes.Equal(out, src) || outs[0].Form != "" || !strings.Contains(outs[0].Reason, "TF_VAR_db_password") {
		t.Errorf("tfvars.json: %v %v", outs, err)
	}
}

// readBack proves that every rewritten argument reads back to the value
// it held, with HCL's own evaluator: the rewritten expression is
// evaluated with the data and ephemeral blocks the rewrite added resolved
// against a store holding the original values (Secrets Manager: a JSON
// object per secret; Vault KV v2: a map), and jsondecode from cty's
// standard library, as Terraform defines it.
func readBack(t *testing.T, name, backend string, src, out []byte, sites []Site, outs []Outcome) {
	t.Helper()
	before := parse(t, name, src)
	after := parse(t, name, out)
	store := map[string]map[string]string{}
	want := make([]string, len(sites))
	for i, s := range sites {
		if outs[i].Form == "" || outs[i].Form == FormEnv {
			continue
		}
		v, diags := attrOf(t, before, s, s.Meta["tf.attribute"]).Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%s: original value: %v", s.Meta["tf.path"], diags)
		}
		want[i] = v.AsString()
		if store[s.Secret] == nil {
			store[s.Secret] = map[string]string{}
		}
		store[s.Secret][s.Key] = want[i]
	}
	// The blocks the rewrite added, resolved against the store.
	roots := map[string]map[string]map[string]cty.Value{"data": {}, "ephemeral": {}}
	for _, b := range after.Blocks {
		if (b.Type != "data" && b.Type != "ephemeral") || len(b.Labels) != 2 {
			continue
		}
		id := "secret_id"
		if backend == "vault" {
			id = "name"
		}
		a := b.Body.Attributes[id]
		if a == nil {
			continue
		}
		sv, _ := a.Expr.Value(nil)
		keys := store[sv.AsString()]
		m := map[string]cty.Value{}
		for k, v := range keys {
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
	ctx := &hcl.EvalContext{Variables: vars, Functions: map[string]function.Function{"jsondecode": stdlib.JSONDecodeFunc}}
	for i, s := range sites {
		if want[i] == "" {
			continue
		}
		attr := s.Meta["tf.attribute"]
		if outs[i].Form == FormWriteOnly {
			attr, _, _ = WriteOnly(s.Meta["tf.resource_type"], attr)
		}
		v, diags := attrOf(t, after, s, attr).Expr.Value(ctx)
		if diags.HasErrors() {
			t.Errorf("%s: the rewritten %s does not evaluate: %v", s.Meta["tf.path"], attr, diags)
			continue
		}
		if v.Type() != cty.String || v.AsString() != want[i] {
			t.Errorf("%s: the rewritten %s reads back another value", s.Meta["tf.path"], attr)
		}
	}
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
	t.Fatalf("%s: no argument %s", s.Meta["tf.path"], attr)
	return nil
}
