package yamlscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/secretlint-go/secretlint/finding"
	yaml "go.yaml.in/yaml/v3"
)

// TestDeepNesting: 10 000 flow levels parse and the walk stops at
// MaxDepth with a notice; one more is the parser's depth error (the caller
// falls back to text); 1 500 block levels parse and stop at MaxDepth.
func TestDeepNesting(t *testing.T) {
	flow := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	res, err := Scan([]byte(flow), Options{})
	if err != nil || len(res.Notices) != 1 || res.Notices[0].Kind != "yaml-too-deep" {
		t.Errorf("10000 nested flow sequences: err %v, notices %+v; want one yaml-too-deep notice", err, res)
	}
	if _, err := Scan([]byte("["+flow+"]"), Options{}); err == nil || !strings.Contains(err.Error(), "depth") {
		t.Errorf("10001 nested flow sequences: err %v, want the parser's depth limit", err)
	}
	var b strings.Builder
	for i := range 1500 {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	b.WriteString(strings.Repeat(" ", 1500) + "password: Hs3vLm8kZx4wZ6\n")
	res, err = Scan([]byte(b.String()), Options{})
	if err != nil {
		t.Fatalf("1500 nested mappings: %v", err)
	}
	if len(res.Notices) != 1 || res.Notices[0].Kind != "yaml-too-deep" {
		t.Errorf("notices = %+v, want one yaml-too-deep", res.Notices)
	}
	res, err = Scan([]byte(b.String()), Options{MaxDepth: 2000})
	if err != nil || len(res.Findings) != 1 {
		t.Errorf("with MaxDepth 2000: %d findings, err %v; want the password", len(res.Findings), err)
	}
}

// TestAliasBomb: a billion-laughs document is walked without expanding
// aliases, and a secret used through many aliases is reported once, where
// it is written.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("shared: &pw Xk9vLm2kZq8wT4\n") // a key that names no secret
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("users:\n")
	for i := range 200 {
		b.WriteString("  - {name: u" + itoa(i) + ", password: *pw}\n")
	}
	start := time.Now()
	res, err := Scan([]byte(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("alias bomb took %v", d)
	}
	if len(res.Findings) != 1 || res.Findings[0].Line != 1 {
		t.Fatalf("findings = %d (first at line %d), want 1 at the anchor on line 1", len(res.Findings), firstLine(res.Findings))
	}
	if res.Findings[0].KeyPath != "users[0].password" {
		t.Errorf("key path = %q, want the first use, users[0].password", res.Findings[0].KeyPath)
	}
}

func firstLine(fs []finding.Finding) int {
	if len(fs) == 0 {
		return 0
	}
	return fs[0].Line
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}

// TestSpans checks the byte spans of every scalar style.
func TestSpans(t *testing.T) {
	src := "a: plain value # c\n" +
		"b: \"dq \\\" x\"\n" +
		"c: 'sq '' x'\n" +
		"d: |\n  line1\n  line2\n\n" +
		"e: &anc !!str tagged\n" +
		"f: {x: flow, y: [s1, s2]}\n" +
		"g: multi\n  line plain\n"
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a": "plain value", "b": `"dq \" x"`, "c": `'sq '' x'`, "d": "|\n  line1\n  line2",
		"e": "tagged", "x": "flow", "s1": "s1", "s2": "s2", "g": "multi\n  line plain",
	}
	root := f.Docs[0].Content[0]
	check := func(name string, n *yaml.Node, flow bool) {
		sp, ok := f.ScalarSpan(n, flow)
		if !ok {
			t.Errorf("%s: no span", name)
			return
		}
		if got := src[sp.Start:sp.End]; got != want[name] {
			t.Errorf("%s: span holds %q, want %q", name, got, want[name])
		}
		if sp.ValStart < sp.Start || sp.ValEnd > sp.End {
			t.Errorf("%s: value span %d-%d outside token %d-%d", name, sp.ValStart, sp.ValEnd, sp.Start, sp.End)
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch k {
		case "f":
			check("x", v.Content[1], true)
			check("s1", v.Content[3].Content[0], true)
			check("s2", v.Content[3].Content[1], true)
		default:
			check(k, v, false)
		}
	}
}

// FuzzScan: scanning never panics, positions stay inside the input, the
// result is the same twice.
func FuzzScan(f *testing.F) {
	for _, p := range seedFiles(f) {
		data, err := os.ReadFile(p)
		if err == nil {
			f.Add(data, filepath.Base(p))
		}
	}
	f.Add([]byte("password: &p hunter22x\nx: *p\n- a\n"), "x.yaml")
	f.Add([]byte("env:\n  - name: TOKEN\n    value: 'abc''def1234'\n"), "x.yaml")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if len(data) > 1<<16 {
			return
		}
		path := "f/" + filepath.Base(name)
		res, err := Scan(data, Options{Path: path, Scalars: true})
		if err != nil {
			return
		}
		checkResult(t, data, res)
		again, _ := Scan(data, Options{Path: path, Scalars: true})
		if len(again.Findings) != len(res.Findings) || len(again.Scalars) != len(res.Scalars) {
			t.Fatalf("not deterministic: %d then %d findings", len(res.Findings), len(again.Findings))
		}
		for i := range res.Findings {
			if res.Findings[i].Offset != again.Findings[i].Offset || res.Findings[i].RuleID != again.Findings[i].RuleID {
				t.Fatalf("not deterministic at finding %d", i)
			}
		}
	})
}

// checkResult asserts that every position of a result lies in data.
func checkResult(t *testing.T, data []byte, res *Result) {
	t.Helper()
	lines := strings.Count(string(data), "\n") + 1
	for _, f := range res.Findings {
		if f.Offset < 0 || f.Offset > f.EndOffset || f.EndOffset > len(data) {
			t.Fatalf("%s: span %d-%d outside %d bytes", f.RuleID, f.Offset, f.EndOffset, len(data))
		}
		if f.Line < 1 || f.Line > lines || f.EndLine < f.Line || f.EndLine > lines || f.Column < 1 || f.EndColumn < 1 {
			t.Fatalf("%s: position %d:%d-%d:%d outside %d lines", f.RuleID, f.Line, f.Column, f.EndLine, f.EndColumn, lines)
		}
	}
	for _, s := range res.Scalars {
		if s.Start < 0 || s.Start > s.End || s.End > len(data) || s.ValStart < 0 || s.ValEnd > len(data) || s.ValStart > s.ValEnd {
			t.Fatalf("scalar span %+v outside %d bytes", s.Span, len(data))
		}
	}
}

func seedFiles(f *testing.F) []string {
	var out []string
	_ = filepath.Walk("../../testdata/scan", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			out = append(out, p)
		}
		return nil
	})
	if len(out) == 0 {
		f.Fatal("no seed fixtures found")
	}
	return out
}

// TestTags: a custom tag still holds its text; encrypted values and
// references do not.
func TestTags(t *testing.T) {
	src := "token: !custom Dc6TagTk9Lp2Wq7xR4tN\n" +
		"password: !unsafe \"hX9#kq2!Vr7pLm4Zt\"\n" +
		"db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162636465666768\n" +
		"MasterUserPassword: !Ref DbPasswordParam\n" +
		"api_token: !!null\n"
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res := ScanFile(f, Options{Path: "x.yaml"})
	var got []string
	for _, fd := range res.Findings {
		got = append(got, fd.KeyPath)
	}
	if strings.Join(got, ",") != "token,password" {
		t.Errorf("findings at %v, want token and password", got)
	}
}
