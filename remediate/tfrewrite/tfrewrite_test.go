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
