package tfrewrite

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path"
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
	"github.com/secretlint-go/secretlint/internal/fakesecret"
	"github.com/secretlint-go/secretlint/scan"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/remediate/terraform")

const dir = "../../testdata/remediate/terraform"

// fillPasswords and fillKeyIDs are the fake values fill writes, in
// order. They are fixed: a random value sometimes reads as words to the
// name rules (under secret_key or token a value must look generated), and
// the golden test then failed about one run in fifty.
var (
	fillPasswords = []string{
		"Zq7#kT2v!Lm9Xp4Rw8Bn", "Hv3@pQ8z$Kd6Wn1Yt5Jc", "Tm9%xR4b&Gf2Ls7Nq3Vk", "Pw6^cY1h*Dz8Mk5Xr2Sj",
		"Kb4!nV7q@Jt3Hy9Zm6Lf", "Xr2$wL8k#Qp5Gc1Vd7Nz", "Fj8&tM3y%Bw6Rh2Kq9Pv", "Ld5*zC9n^Xk1Tq7Wm4Gs",
	}
	fillKeyIDs = []string{"AKIA" + "Q7ZK2W5XRTN4PJ3M", "AKIA" + "R4TW7N2KXZP5QM3J", "AKIA" + "W2MX5Q7ZKJ3RTN4P"}
)

// fill replaces the placeholders of a test input with fake secrets:
// @@S@@ a password, @@AKID@@ an AWS access key ID.
func fill(src []byte) ([]byte, []string) {
	var values []string
	s := string(src)
	for i := 0; strings.Contains(s, "@@S@@"); i++ {
		v := fillPasswords[i%len(fillPasswords)]
		values = append(values, v)
		s = strings.Replace(s, "@@S@@", v, 1)
	}
	for i := 0; strings.Contains(s, "@@AKID@@"); i++ {
		v := fillKeyIDs[i%len(fillKeyIDs)]
		values = append(values, v)
		s = strings.Replace(s, "@@AKID@@", v, 1)
	}
	return []byte(s), values
}

// site is a finding with its request.
type site struct {
	f      finding.Finding
	kind   string
	reason string // why Classify rejects it
}

// requestsOf scans a file with the full scanner and turns its findings
// into requests as the terraform consumer does: the secret is named after
// the file, the key after the key path.
func requestsOf(t *testing.T, name string, src []byte) ([]site, []Request) {
	t.Helper()
	fs, notices := scan.ScanFile(context.Background(), nil, name, src)
	if len(notices) > 0 {
		t.Fatalf("%s: notices %v", name, notices)
	}
	var sites []site
	var reqs []Request
	seen := map[string]int{}
	for _, f := range fs {
		kind, reason := Classify(name, f.Meta)
		sites = append(sites, site{f: f, kind: kind, reason: reason})
		if reason != "" {
			continue
		}
		segs := yamlscan.SplitKeyPath(f.KeyPath)
		key := f.KeyPath
		if len(segs) > 0 {
			key = segs[len(segs)-1]
		}
		if seen[key]++; seen[key] > 1 {
			key = fmt.Sprintf("%s_%d", key, seen[key]) // two providers' token
		}
		reqs = append(reqs, Request{Offset: f.Offset, End: f.EndOffset, Value: f.Secret.Reveal(), Kind: kind,
			Secret: "tf/" + strings.SplitN(path.Base(name), ".", 2)[0], Key: key})
	}
	return sites, reqs
}

// checkEdits checks the properties remediate relies on: each edit's
// spelling reproduces its span from the value alone, and undoing the
// edits (a rollback) gives the original bytes back.
func checkEdits(t *testing.T, src, after []byte, edits []Edit, reqs []Request) {
	t.Helper()
	var undo bytes.Buffer
	last, shift := 0, 0
	for _, e := range edits {
		v := reqs[e.Req].Value
		spelled := e.Prefix + v + e.Suffix
		if e.Quote == `"` {
			spelled = e.Prefix + `"` + v + `"` + e.Suffix
		}
		if string(src[e.Offset:e.End]) != spelled {
			t.Errorf("edit at %d: the spelling does not reproduce the span", e.Offset)
		}
		start := e.Offset + shift
		undo.Write(after[last:start])
		if string(after[start:start+len(e.Replacement)]) != e.Replacement {
			t.Errorf("edit at %d: the replacement is not where it should be", e.Offset)
		}
		undo.WriteString(spelled)
		last = start + len(e.Replacement)
		shift += len(e.Replacement) - (e.End - e.Offset)
	}
	undo.Write(after[last:])
	if !bytes.Equal(undo.Bytes(), src) {
		t.Error("undoing the edits does not give the original file back")
	}
}

// TestGolden rewrites every input of testdata/remediate/terraform for
// both backends and compares the file and the outcomes with the goldens.
// The rewritten file parses (Analyse checks it), holds none of the moved
// values, reads back to the same values, undoes to the original bytes,
// and a new scan finds only the values left in place.
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
		sites, reqs := requestsOf(t, name, src)
		if len(sites) != len(values) {
			t.Errorf("%s: %d findings for %d secrets", name, len(sites), len(values))
		}
		for _, backend := range []string{"aws", "vault"} {
			t.Run(name+"/"+backend, func(t *testing.T) {
				st := Store{Backend: backend}
				edits, rejected, after := Analyse(src, reqs, st)
				checkEdits(t, src, after, edits, reqs)
				var b bytes.Buffer
				b.Write(after)
				b.WriteString("\n# ---- outcomes (not part of the file) ----\n")
				accepted := map[int]bool{}
				for _, e := range edits {
					accepted[e.Req] = true
				}
				left := 0
				n := 0
				for _, s := range sites {
					if s.reason != "" {
						fmt.Fprintf(&b, "# %s: not rewritten: %s\n", s.f.KeyPath, s.reason)
						left++
						continue
					}
					i := n
					n++
					if reason, ok := rejected[i]; ok {
						fmt.Fprintf(&b, "# %s: rejected: %s\n", s.f.KeyPath, reason)
						left++
						continue
					}
					fmt.Fprintf(&b, "# %s: %s\n", s.f.KeyPath, s.kind)
					if bytes.Contains(after, []byte(reqs[i].Value)) {
						t.Errorf("%s: rewritten, yet the value is still in the file", s.f.KeyPath)
					}
				}
				got := b.Bytes()
				for _, v := range values {
					got = bytes.ReplaceAll(got, []byte(v), []byte("@@S@@"))
				}
				golden := filepath.Join(dir, name+"."+backend+".golden")
				if *update {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("differs from %s (run with -update):\n%s", golden, got)
				}
				readBack(t, name, backend, src, after, sites, reqs, rejected)
				again, _ := requestsOf(t, name, after)
				if len(again) != left {
					t.Errorf("a scan of the rewritten file finds %d secrets, want the %d left in place", len(again), left)
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

func TestAnalyseErrors(t *testing.T) {
	_, rej, after := Analyse([]byte("resource \"a\" {\n"), []Request{{Offset: 0, End: 1, Value: "x", Kind: KindData}}, Store{Backend: "aws"})
	if len(rej) != 1 || string(after) != "resource \"a\" {\n" {
		t.Errorf("a file that does not parse: %v", rej)
	}
	_, rej, _ = Analyse([]byte(`{"a": `), []Request{{Kind: KindVarsJSONEnv, Value: "x"}}, Store{Backend: "aws"})
	if len(rej) != 1 {
		t.Error("a .tfvars.json file that does not parse is not rejected")
	}
	if q := quote("a\"b${c}\n"); q != `"a\"b$${c}\n"` {
		t.Errorf("quote: %s", q)
	}
}

// readBack proves that every rewritten argument reads back to the value
// it held, with HCL's own evaluator: the top-level argument holding the
// value is evaluated before, and after with the data and ephemeral blocks
// the rewrite added resolved against a store holding the moved values
// (Secrets Manager: a JSON object per secret; Vault KV v2: a map), with
// jsondecode and jsonencode from cty's standard library, as Terraform
// defines them. Arguments that read anything else (var.x, a resource, a
// file) cannot be evaluated here and are counted apart.
func readBack(t *testing.T, name, backend string, src, out []byte, sites []site, reqs []Request, rejected map[int]string) (proven, unproven int) {
	t.Helper()
	if FileKind(name) != "tf" {
		return 0, 0
	}
	before := parse(t, name, src)
	after := parse(t, name, out)
	store := map[string]map[string]string{}
	for i, r := range reqs {
		if _, bad := rejected[i]; bad || EnvKind(r.Kind) {
			continue
		}
		if store[r.Secret] == nil {
			store[r.Secret] = map[string]string{}
		}
		store[r.Secret][r.Key] = r.Value
	}
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
	n := 0
	for _, s := range sites {
		if s.reason != "" {
			continue
		}
		i := n
		n++
		if _, bad := rejected[i]; bad || EnvKind(s.kind) {
			continue
		}
		m := s.f.Meta
		attr := m["tf.attribute"]
		id := m["tf.block"] + "|" + m["tf.labels"] + "|" + attr
		if seen[id] {
			continue
		}
		seen[id] = true
		a := attrOf(before, m, attr)
		if a == nil {
			unproven++ // in a nested block
			continue
		}
		want, diags := a.Expr.Value(&hcl.EvalContext{Functions: funcs})
		if diags.HasErrors() {
			unproven++ // reads var.x, a resource, a file
			continue
		}
		if s.kind == KindWriteOnly {
			attr, _, _ = WriteOnly(m["tf.resource_type"], attr)
		}
		a = attrOf(after, m, attr)
		if a == nil {
			t.Errorf("%s: no argument %s after the rewrite", m["tf.path"], attr)
			continue
		}
		got, diags := a.Expr.Value(ctx)
		if diags.HasErrors() {
			t.Errorf("%s: the rewritten %s does not evaluate: %v", m["tf.path"], attr, diags)
			continue
		}
		if !got.RawEquals(want) {
			t.Errorf("%s: the rewritten %s reads back another value", m["tf.path"], attr)
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

// attrOf finds the argument attr of the top-level block of a finding.
func attrOf(body *hclsyntax.Body, m map[string]string, attr string) *hclsyntax.Attribute {
	for _, b := range body.Blocks {
		if b.Type == m["tf.block"] && strings.Join(b.Labels, ",") == m["tf.labels"] {
			if a := b.Body.Attributes[attr]; a != nil {
				return a
			}
		}
	}
	return nil // an argument of a nested block
}

// TestIaCCorpusMoved plans the Terraform part of the labeled IaC corpus
// (testdata/scan/iac/terraform) and reports the fraction of found secrets
// that the rewrite moves; every rewritten file must parse, undo to its
// original bytes and read back.
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
		sites, reqs := requestsOf(t, rel, src)
		edits, rejected, after := Analyse(src, reqs, Store{Backend: "aws"})
		checkEdits(t, src, after, edits, reqs)
		pr, un := readBack(t, rel, "aws", src, after, sites, reqs, rejected)
		proven += pr
		unproven += un
		n := 0
		for _, s := range sites {
			found++
			if s.reason != "" {
				reasons[s.reason]++
				continue
			}
			if r, bad := rejected[n]; bad {
				reasons[r]++
			} else {
				moved++
			}
			n++
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

// TestCarrierKeepsOtherValuesOut: the data block is added after the last
// block whose remaining bytes hold no other finding, so that no value
// but the edit's own enters an edit's Suffix (and so the plan).
func TestCarrierKeepsOtherValuesOut(t *testing.T) {
	t1, t2, t3 := fakesecret.Password(20), fakesecret.Password(20), fakesecret.Password(20)
	src := []byte("resource \"aws_lambda_function\" \"a\" {\n  api_token = \"" + t1 + "\"\n}\n\n" +
		"resource \"aws_lambda_function\" \"b\" {\n  api_token      = \"" + t2 + "\"\n  other_password = \"" + t3 + "\"\n}\n")
	var reqs []Request
	for _, v := range []string{t1, t2} { // t3 is left alone (--exclude, say)
		i := bytes.Index(src, []byte(v))
		reqs = append(reqs, Request{Offset: i - 1, End: i + len(v) + 1, Value: v, Kind: KindData, Secret: "app", Key: "k" + v[:3]})
	}
	edits, rejected, after := Analyse(src, reqs, Store{Backend: "aws"})
	if len(rejected) != 0 || len(edits) != 2 {
		t.Fatalf("edits %d, rejected %v", len(edits), rejected)
	}
	for _, e := range edits {
		if strings.Contains(e.Suffix, t3) || strings.Contains(e.Prefix, t3) {
			t.Error("an edit's spelling holds the value it leaves alone")
		}
	}
	checkEdits(t, src, after, edits, reqs)
	if i, j := bytes.Index(after, []byte(`data "aws_secretsmanager_secret_version"`)), bytes.Index(after, []byte(`"b" {`)); i < 0 || i > j {
		t.Errorf("the data block is not after block a:\n%s", after)
	}
}

// FuzzAnalyse: any content and any request (a plan is untrusted input)
// give edits inside the content whose spelling reproduces their span, or
// rejections; never a panic.
func FuzzAnalyse(f *testing.F) {
	f.Add([]byte("resource \"a\" \"b\" {\n  password = \"Zq8vN2pLx7Rm4TkW\"\n}\n"), 29, 47, "Zq8vN2pLx7Rm4TkW", 0)
	f.Add([]byte("variable \"p\" {\n  default = \"Zq8vN2pLx7Rm4TkW\"\n}\n"), 27, 45, "Zq8vN2pLx7Rm4TkW", 3)
	f.Add([]byte("{\"db_password\": \"Zq8vN2pLx7Rm4TkW\", \"a\": 1}"), 16, 34, "Zq8vN2pLx7Rm4TkW", 5)
	f.Add([]byte("resource \"aws_db_instance\" \"b\" {\n  password = \"Zq8vN2pLx7Rm4TkW\" # x\n}\n"), 45, 63, "Zq8vN2pLx7Rm4TkW", 2)
	kinds := []string{KindData, KindEphemeral, KindWriteOnly, KindVarEnv, KindVarsEnv, KindVarsJSONEnv}
	f.Fuzz(func(t *testing.T, src []byte, off, end int, value string, k int) {
		if k < 0 {
			k = -k
		}
		reqs := []Request{{Offset: off, End: end, Value: value, Kind: kinds[k%len(kinds)], Secret: "s", Key: "k"}}
		edits, _, after := Analyse(src, reqs, Store{Backend: "vault"})
		for _, e := range edits {
			if e.Offset < 0 || e.End > len(src) || e.Offset > e.End {
				t.Fatalf("edit %d-%d outside %d bytes", e.Offset, e.End, len(src))
			}
		}
		checkEdits(t, src, after, edits, reqs)
	})
}
