package remediate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func TestSpelling(t *testing.T) {
	for name, c := range map[string]struct {
		sp    Spelling
		value string
		span  string
	}{
		"plain":           {Spelling{}, "hX9kq2Vr7pLm", "hX9kq2Vr7pLm"},
		"single":          {Spelling{Quote: "'"}, "it's", "'it''s'"},
		"double":          {Spelling{Quote: `"`}, "hX9 kq2", `"hX9 kq2"`},
		"block clip":      {Spelling{Block: "|", Indent: "    "}, "a\nb\n", "|\n    a\n    b\n"},
		"block strip":     {Spelling{Block: "|-", Indent: "  ", Suffix: "\n"}, "a\n\nb", "|-\n  a\n\n  b\n"},
		"block comment":   {Spelling{Block: "| # key", Indent: "  "}, "k\n", "| # key\n  k\n"},
		"dbt default":     {Spelling{Prefix: ", '", Suffix: "'"}, "pw", ", 'pw'"},
		"yaml-in-single":  {Spelling{Prefix: ", ''", Suffix: "''"}, "pw", ", ''pw''"},
		"newline escapes": {Spelling{Quote: `"`, NLEscapes: true}, "-----BEGIN K-----\nMIIB\n-----END K-----\n", `"-----BEGIN K-----\nMIIB\n-----END K-----\n"`},
	} {
		if got := c.sp.Spell(c.value); got != c.span {
			t.Errorf("%s: Spell = %q, want %q", name, got, c.span)
		}
		if v, ok := c.sp.Unspell(c.span); !ok || v != c.value {
			t.Errorf("%s: Unspell = %q, %v", name, v, ok)
		}
	}
	// Spans that the spelling does not reproduce are refused.
	for name, c := range map[string]struct {
		sp   Spelling
		span string
	}{
		"escaped double":    {Spelling{Quote: `"`}, `"a\"b"`},
		"wrong quote":       {Spelling{Quote: "'"}, `"ab"`},
		"bad indent":        {Spelling{Block: "|", Indent: "    "}, "|\n  a\n"},
		"prefix":            {Spelling{Prefix: ", '", Suffix: "'"}, ",'pw'"},
		"single undoubled":  {Spelling{Quote: "'"}, "'it's'"},
		"newline unescaped": {Spelling{Quote: `"`}, `"a\nb"`},
		"other escape":      {Spelling{Quote: `"`, NLEscapes: true}, `"a\tb\nc"`},
		"escaped backslash": {Spelling{Quote: `"`, NLEscapes: true}, `"a\\nb"`},
	} {
		if v, ok := c.sp.Unspell(c.span); ok {
			t.Errorf("%s: Unspell accepted %q as %q", name, c.span, v)
		}
	}
}

// span finds the token of a one-line scalar or a literal block starting at
// off, for the rewrite tests.
func testSpan(content []byte, off int, n *yaml.Node) (int, bool) {
	rest := string(content[off:])
	var cands []string
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		cands = []string{`"` + n.Value + `"`}
	case n.Style&yaml.SingleQuotedStyle != 0:
		cands = []string{"'" + strings.ReplaceAll(n.Value, "'", "''") + "'"}
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return 0, false
	default:
		cands = []string{n.Value}
	}
	for _, c := range cands {
		if c != "" && strings.HasPrefix(rest, c) {
			return off + len(c), true
		}
	}
	return 0, false
}

func TestAnalyseYAML(t *testing.T) {
	for name, c := range map[string]struct {
		in, want string
		rejected int
	}{
		"plain":           {"a: secret1\n", "a: ref+vault://secret/x#/k0\n", 0},
		"comment kept":    {"a: secret1  # note\nb: 2\n", "a: ref+vault://secret/x#/k0  # note\nb: ref+vault://secret/x#/k1\n", 0},
		"single":          {"a: 'sec''ret'\n", "a: 'ref+vault://secret/x#/k0'\n", 0},
		"double":          {"a: \"secret1\"\n", "a: \"ref+vault://secret/x#/k0\"\n", 0},
		"flow":            {"m: {a: secret1, b: c}\n", "m: {a: ref+vault://secret/x#/k0, b: ref+vault://secret/x#/k1}\n", 0},
		"list":            {"- secret1\n- two\n", "- ref+vault://secret/x#/k0\n- ref+vault://secret/x#/k1\n", 0},
		"int becomes str": {"a: 12345\n", "a: ref+vault://secret/x#/k0\n", 0},
		"multi doc":       {"a: s1\n---\nb: s2\n", "a: ref+vault://secret/x#/k0\n---\nb: ref+vault://secret/x#/k1\n", 0},
		"anchor":          {"a: &x s1\nb: *x\n", "a: &x ref+vault://secret/x#/k0\nb: *x\n", 0},
		"tab separated":   {"a:\tsecret1\n", "a:\tref+vault://secret/x#/k0\n", 0},
	} {
		t.Run(name, func(t *testing.T) {
			content := []byte(c.in)
			docs, err := parseYAML(content)
			if err != nil {
				t.Fatal(err)
			}
			var reqs []*editRequest
			for _, si := range scalars(content, docs) {
				if si.isKey {
					continue
				}
				end, ok := testSpan(content, si.offset, si.node)
				if !ok {
					continue
				}
				reqs = append(reqs, &editRequest{offset: si.offset, end: end, value: si.node.Value, kind: EditValsRef,
					replace: fmt.Sprintf("ref+vault://secret/x#/k%d", len(reqs))})
			}
			edits, rejected, after := analyseYAML(content, reqs)
			if string(after) != c.want || len(rejected) != c.rejected {
				t.Errorf("got %q (%d rejected: %v), want %q", after, len(rejected), rejected, c.want)
			}
			// Restoring through the spellings gives the input back.
			if got := restoreAll(after, edits, reqs); got != c.in {
				t.Errorf("restore = %q", got)
			}
		})
	}
}

// restoreAll undoes edits in after.
func restoreAll(after []byte, edits []*yamlEdit, _ []*editRequest) string {
	var b strings.Builder
	shift, last := 0, 0
	for _, e := range edits {
		start := e.Offset + shift
		b.Write(after[last:start])
		b.WriteString(e.Spelling.Spell(e.req.value))
		last = start + len(e.Replacement)
		shift += len(e.Replacement) - (e.End - e.Offset)
	}
	b.Write(after[last:])
	return b.String()
}

func TestAnalyseYAMLRejects(t *testing.T) {
	for name, c := range map[string]struct {
		in    string
		off   int
		end   int
		value string
		kind  string
		why   string
	}{
		"escaped":         {"a: \"se\\tcret\"\n", 3, 13, "se\tcret", EditValsRef, "escapes"},
		"folded":          {"a: >\n  long\n  text\n", 3, 19, "long text\n", EditValsRef, "escapes, folding"},
		"key":             {"secret1: a\n", 0, 7, "secret1", EditValsRef, "mapping key"},
		"url part":        {"u: postgres://u:pw123456@h/db\n", 16, 24, "pw123456", EditValsRef, "part of a larger value"},
		"not yaml":        {"a: [unclosed\n", 3, 5, "[u", EditValsRef, "not valid YAML"},
		"multiline plain": {"a: one\n  two\n", 3, 12, "one two", EditValsRef, "escapes, folding"},
	} {
		content := []byte(c.in)
		r := &editRequest{offset: c.off, end: c.end, value: c.value, kind: c.kind, replace: "ref+vault://secret/x#/k"}
		edits, rejected, after := analyseYAML(content, []*editRequest{r})
		if len(edits) != 0 || string(after) != c.in || !strings.Contains(rejected[r], c.why) {
			t.Errorf("%s: edits %d, rejected %q, want a rejection mentioning %q", name, len(edits), rejected[r], c.why)
		}
	}
}

func TestDropDefault(t *testing.T) {
	for name, c := range map[string]struct{ in, want, envVar string }{
		"double-quoted scalar": {`p: "{{ env_var('DBT_PW', 'hX9kq2Vr') }}"` + "\n", `p: "{{ env_var('DBT_PW') }}"` + "\n", "DBT_PW"},
		"single-quoted scalar": {`p: '{{ env_var(''DBT_PW'' , ''hX9kq2Vr'') }}'` + "\n", `p: '{{ env_var(''DBT_PW'') }}'` + "\n", "DBT_PW"},
		"double quotes inside": {`p: '{{ env_var("X", "hX9kq2Vr") }}'` + "\n", `p: '{{ env_var("X") }}'` + "\n", "X"},
	} {
		content := []byte(c.in)
		i := strings.Index(c.in, "hX9kq2Vr")
		r := &editRequest{offset: i, end: i + 8, value: "hX9kq2Vr", kind: EditDBTDropDefault, dropDefault: true}
		edits, rejected, after := analyseYAML(content, []*editRequest{r})
		if string(after) != c.want || len(edits) != 1 || r.envVar != c.envVar {
			t.Errorf("%s: got %q (rejected %v, var %q), want %q", name, after, rejected, r.envVar, c.want)
			continue
		}
		if got := restoreAll(after, edits, nil); got != c.in {
			t.Errorf("%s: restore = %q", name, got)
		}
	}
}

// FuzzRewrite rewrites every one-line scalar value of a YAML document with
// a reference and checks: no panic; the result parses; its tree equals the
// input's apart from the rewritten scalars, which read back as their
// references; rejected values are untouched; and restoring through the
// spellings gives the input back byte for byte.
func FuzzRewrite(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/remediate/repo/*/*.y*ml")
	for _, s := range seeds {
		b, _ := os.ReadFile(s)
		f.Add(b)
	}
	for _, s := range []string{
		"a: b\n", "a: 'x''y'\n", "a: \"q\"\n", "{a: b, c: [d, 'e']}\n", "a: &x y\nb: *x\n", "- a\n- b: c\n  d: e\n",
		"a: b # c\n#d\n", "a:\n  - 'x'\n  - \"y\"\n", "k: v\n---\nk: w\n", "a: 1\nb: true\nc: null\n", "a: b\r\nc: d\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		docs, err := parseYAML(content)
		if err != nil {
			return
		}
		var reqs []*editRequest
		for _, si := range scalars(content, docs) {
			if si.isKey || si.offset < 0 {
				continue
			}
			end, ok := testSpan(content, si.offset, si.node)
			if !ok {
				continue
			}
			reqs = append(reqs, &editRequest{offset: si.offset, end: end, value: si.node.Value, kind: EditValsRef,
				replace: fmt.Sprintf("ref+vault://secret/f#/k%d", len(reqs))})
		}
		edits, rejected, after := analyseYAML(content, reqs)
		if len(edits)+len(rejected) != len(reqs) {
			t.Fatalf("%d edits + %d rejected != %d requests", len(edits), len(rejected), len(reqs))
		}
		newDocs, err := parseYAML(after)
		if err != nil {
			t.Fatalf("rewritten file does not parse: %q", after)
		}
		refs := map[string]bool{}
		for _, e := range edits {
			refs[e.req.replace] = true
			if v, ok := e.Spelling.Unspell(string(content[e.Offset:e.End])); !ok || v != e.req.value {
				t.Fatalf("spelling does not round-trip at %d", e.Offset)
			}
		}
		changed := 0
		var walk func(a, b *yaml.Node)
		walk = func(a, b *yaml.Node) {
			if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
				t.Fatalf("tree shape changed: %q -> %q", content, after)
			}
			if a.Kind == yaml.ScalarNode && a.Value != b.Value {
				if !refs[b.Value] {
					t.Fatalf("scalar %q became %q, not a reference", a.Value, b.Value)
				}
				changed++
			}
			if a.Kind == yaml.AliasNode {
				return
			}
			for i := range a.Content {
				walk(a.Content[i], b.Content[i])
			}
		}
		if len(docs) != len(newDocs) {
			t.Fatalf("document count changed")
		}
		for i := range docs {
			walk(docs[i], newDocs[i])
		}
		// Aliases of an edited anchor read the new value too, so count
		// at least one change per edit.
		if changed < len(edits) {
			t.Fatalf("%d scalars changed for %d edits", changed, len(edits))
		}
		for r := range rejected {
			if !strings.Contains(string(after), string(content[r.offset:r.end])) {
				t.Fatalf("a rejected value's bytes are gone")
			}
		}
		if got := restoreAll(after, edits, reqs); got != string(content) {
			t.Fatalf("restore is not byte-identical")
		}
	})
}
