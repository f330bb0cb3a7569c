package remediate

import (
	"strings"
	"testing"

	"github.com/magiconair/properties"
)

// TestParseProperties: the key/value split agrees with magiconair/properties
// (the java.util.Properties syntax) on the lines the consumer rewrites.
func TestParseProperties(t *testing.T) {
	src := "# c\n! c\n  a.b=1\nc : two words \nd\te\nf:g=h\n\n  i = \nj=k\\\n  l\nm=n\\\\\n"
	lines := parseProperties([]byte(src))
	p, err := properties.LoadString(src)
	if err != nil {
		t.Fatal(err)
	}
	p.DisableExpansion = true
	if len(lines) != p.Len() {
		t.Fatalf("%d lines, magiconair reads %d properties", len(lines), p.Len())
	}
	for _, pl := range lines {
		if pl.escaped {
			continue // raw bytes, not the decoded value
		}
		if v, ok := p.Get(pl.key); !ok || v != pl.value {
			t.Errorf("%q = %q, magiconair reads %q", pl.key, pl.value, v)
		}
	}
	want := map[string]bool{"j": true} // continued
	for _, pl := range lines {
		if pl.continued != want[pl.key] {
			t.Errorf("%q continued = %v", pl.key, pl.continued)
		}
	}
}

// TestAnalysePropertiesRejects: values whose bytes are not their value
// are left alone.
func TestAnalysePropertiesRejects(t *testing.T) {
	for name, tc := range map[string]struct{ src, value, why string }{
		"continued": {"pw=Xk4vQm8zLp2w\\\n  Rt6n\n", "Xk4vQm8zLp2w", "continued"},
		"escaped":   {"pw=Xk4v\\u0051m8zLp2w\n", "Xk4v", "escapes"},
		"non-ascii": {"pw=Xk4vQm8zLp2wé\n", "Xk4vQm8zLp2w", "non-ASCII"},
		"partial":   {"pw=Xk4vQm8zLp2w tail\n", "Xk4vQm8zLp2w", "part of a larger value"},
		"dash":      {"pw=${PW:-Xk4vQm8zLp2w}\n", "Xk4vQm8zLp2w", "${NAME:default}"},
	} {
		t.Run(name, func(t *testing.T) {
			off := strings.Index(tc.src, tc.value)
			r := &editRequest{offset: off, end: off + len(tc.value), value: tc.value, replace: "${SECRETLINT_PW}"}
			if name == "dash" {
				r = &editRequest{offset: off, end: off + len(tc.value), value: tc.value, interpDefault: true, render: springPlaceholder}
			}
			edits, rejected, after := analyseProperties([]byte(tc.src), []*editRequest{r})
			if len(edits) != 0 || !strings.Contains(rejected[r], tc.why) || string(after) != tc.src {
				t.Errorf("edits %d, rejected %q", len(edits), rejected[r])
			}
		})
	}
	// Accepted: the whole value, and a default dropped.
	src := "pw = Xk4vQm8zLp2w\nq=${Q_PW:Rt6nLm3vZx8w}\n"
	r1 := &editRequest{offset: 5, end: 17, value: "Xk4vQm8zLp2w", replace: "${SECRETLINT_PW}"}
	o := strings.Index(src, "Rt6n")
	r2 := &editRequest{offset: o, end: o + 12, value: "Rt6nLm3vZx8w", interpDefault: true, render: springPlaceholder}
	edits, rejected, after := analyseProperties([]byte(src), []*editRequest{r1, r2})
	if len(edits) != 2 || len(rejected) != 0 || string(after) != "pw = ${SECRETLINT_PW}\nq=${Q_PW}\n" || r2.envVar != "Q_PW" {
		t.Errorf("edits %d, rejected %v, after %q", len(edits), rejected, after)
	}
	for _, e := range edits {
		if e.Spelling.Spell(e.req.value) != src[e.Offset:e.End] {
			t.Errorf("spelling of %q does not give back its bytes", e.req.value)
		}
	}
}

// TestSpringYAMLDefault: only Spring's own ${NAME:default} loses its
// default; for Spring, ${NAME:-x} has the default "-x".
func TestSpringYAMLDefault(t *testing.T) {
	for src, want := range map[string]string{
		"p: ${PW:Xk4vQm8zLp2w}\n":     "p: ${PW}\n",
		"p: \"${PW:Xk4vQm8zLp2w}\"\n": "p: \"${PW}\"\n",
		"p: ${PW:-Xk4vQm8zLp2w}\n":    "",
		"p: ${PW-Xk4vQm8zLp2w}\n":     "",
	} {
		off := strings.Index(src, "Xk4v")
		r := &editRequest{offset: off, end: off + 12, value: "Xk4vQm8zLp2w", interpDefault: true, render: springPlaceholder}
		edits, rejected, after := springConsumer{}.analyse([]byte(src), []*editRequest{r})
		if want == "" {
			if len(edits) != 0 || rejected[r] == "" {
				t.Errorf("%q: rewritten to %q; Spring reads another default", src, after)
			}
			continue
		}
		if len(edits) != 1 || string(after) != want || r.envVar != "PW" {
			t.Errorf("%q: %q (rejected %q), want %q", src, after, rejected[r], want)
		}
	}
}
