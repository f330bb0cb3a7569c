package remediate

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/finding"
)

func goReq(src, lit, secret, key string) *request {
	off := strings.Index(src, lit)
	return &request{f: &finding.Finding{File: "p.go", Offset: off, EndOffset: off + len(lit), Secret: finding.NewSecret(secret), Line: 1, Column: off + 1},
		secret: "app/p", key: key}
}

// TestGoEdits checks how a Go rewrite is cut into one edit per secret:
// each edit's span holds exactly its secret, the edits reproduce the new
// content, Spelling reproduces the old span, and code holding another
// secret is refused.
func TestGoEdits(t *testing.T) {
	old := "package p\n\nimport \"fmt\"\n\nfunc f() error {\n\tfmt.Println(\"Aa1-first-secret\", \"Bb2-second-secret\")\n\treturn nil\n}\n"
	neu := "package p\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\n\t\"github.com/secretlint-go/secretlint/secretref\"\n)\n\nfunc f() error {\n" +
		"\ta, err := secretref.Get(context.Background(), \"ref+vault://secret/app/p#/a\")\n\tif err != nil {\n\t\treturn err\n\t}\n" +
		"\tb, err := secretref.Get(context.Background(), \"ref+vault://secret/app/p#/b\")\n\tif err != nil {\n\t\treturn err\n\t}\n" +
		"\tfmt.Println(a, b)\n\treturn nil\n}\n"
	reqs := []*request{goReq(old, `"Aa1-first-secret"`, "Aa1-first-secret", "a"), goReq(old, `"Bb2-second-secret"`, "Bb2-second-secret", "b")}
	edits, why := goEdits([]byte(old), []byte(neu), reqs, []int{0, 1}, []string{"Aa1-first-secret", "Bb2-second-secret"})
	if why != "" {
		t.Fatalf("goEdits: %s", why)
	}
	if len(edits) != 2 {
		t.Fatalf("%d edits, want 2", len(edits))
	}
	var b strings.Builder
	last := 0
	for i, e := range edits {
		span := old[e.Offset:e.EndOffset]
		v, ok := e.Spelling.Unspell(span)
		if !ok || v != reqs[i].f.Secret.Reveal() {
			t.Errorf("edit %d: Spelling does not read its secret back", i)
		}
		if e.Spelling.Spell(v) != span {
			t.Errorf("edit %d: Spelling does not write the span back", i)
		}
		for _, s := range []string{e.Replacement, e.Spelling.Prefix, e.Spelling.Suffix} {
			if strings.Contains(s, "first-secret") || strings.Contains(s, "second-secret") {
				t.Errorf("edit %d holds a secret outside its value", i)
			}
		}
		b.WriteString(old[last:e.Offset] + e.Replacement)
		last = e.EndOffset
	}
	if b.String()+old[last:] != neu {
		t.Errorf("the edits do not reproduce the rewrite")
	}

	// A secret that is not moved, inside the changed region (between the
	// inserted read and the literal), must not end up in the plan.
	old2 := "package p\n\nfunc f() error {\n\tuse(\"Cc3-third-secret\", \"Aa1-first-secret\")\n\treturn nil\n}\n"
	neu2 := "package p\n\nfunc f() error {\n\ta, err := secretref.Get(context.Background(), \"ref+vault://secret/app/p#/a\")\n\tif err != nil {\n\t\treturn err\n\t}\n\tuse(\"Cc3-third-secret\", a)\n\treturn nil\n}\n"
	reqs2 := []*request{goReq(old2, `"Aa1-first-secret"`, "Aa1-first-secret", "a")}
	if _, why := goEdits([]byte(old2), []byte(neu2), reqs2, []int{0}, []string{"Aa1-first-secret", "Cc3-third-secret"}); !strings.Contains(why, "another secret") {
		t.Errorf("another secret in the changed code: got %q, want a refusal", why)
	}
	if _, why := goEdits([]byte(old2), []byte(neu2), reqs2, []int{0}, []string{"Aa1-first-secret"}); why != "" {
		t.Errorf("without the other secret: %s", why)
	}

	// A literal with escapes cannot be written back byte for byte.
	old3 := "package p\n\nvar k = \"Dd4\\x41-escaped\"\n"
	neu3 := "package p\n\nvar k = secretref.MustGet(\"ref+vault://secret/app/p#/k\")\n"
	reqs3 := []*request{goReq(old3, "\"Dd4\\x41-escaped\"", "Dd4A-escaped", "k")}
	if _, why := goEdits([]byte(old3), []byte(neu3), reqs3, []int{0}, nil); !strings.Contains(why, "escapes") {
		t.Errorf("escaped literal: got %q, want a refusal", why)
	}
}
