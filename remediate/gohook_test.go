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
	var b strings.Builder
	last, n := 0, 0
	for _, e := range edits {
		b.WriteString(old[last:e.Offset] + e.Replacement)
		last = e.EndOffset
		if e.Kind == EditGoCode {
			// The code around: imports and the statements that read.
			if e.Spelling.Prefix != old[e.Offset:e.EndOffset] || strings.Contains(e.Replacement+e.Spelling.Prefix, "-secret") {
				t.Errorf("code edit at line %d: old text %q, new %q", e.Line, e.Spelling.Prefix, e.Replacement)
			}
			continue
		}
		i := n
		n++
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
	}
	if n != 2 {
		t.Errorf("%d edits of a secret, want 2", n)
	}
	if b.String()+old[last:] != neu {
		t.Errorf("the edits do not reproduce the rewrite")
	}

	// A secret that is not moved, between the inserted read and the
	// literal (SetBasicAuth's user and password), stays out of every
	// edit; one inside a changed line is refused.
	old2 := "package p\n\nfunc f() error {\n\tuse(\"Cc3-third-secret\", \"Aa1-first-secret\")\n\treturn nil\n}\n"
	neu2 := "package p\n\nfunc f() error {\n\ta, err := secretref.Get(context.Background(), \"ref+vault://secret/app/p#/a\")\n\tif err != nil {\n\t\treturn err\n\t}\n\tuse(\"Cc3-third-secret\", a)\n\treturn nil\n}\n"
	reqs2 := []*request{goReq(old2, `"Aa1-first-secret"`, "Aa1-first-secret", "a")}
	edits2, why := goEdits([]byte(old2), []byte(neu2), reqs2, []int{0}, []string{"Aa1-first-secret", "Cc3-third-secret"})
	if why != "" {
		t.Errorf("another secret on the literal's line: %s", why)
	}
	for _, e := range edits2 {
		if strings.Contains(e.Replacement+e.Spelling.Prefix+e.Spelling.Suffix, "Cc3") {
			t.Errorf("an edit holds the other secret")
		}
	}
	neu2b := "package p\n\nfunc f() error {\n\tuse(a)\n\treturn nil\n}\n"
	if _, why := goEdits([]byte(old2), []byte(neu2b), reqs2, []int{0}, []string{"Aa1-first-secret", "Cc3-third-secret"}); !strings.Contains(why, "another secret") {
		t.Errorf("another secret in a changed span: got %q, want a refusal", why)
	}

	// A literal with escapes cannot be written back byte for byte.
	old3 := "package p\n\nvar k = \"Dd4\\x41-escaped\"\n"
	neu3 := "package p\n\nvar k = secretref.MustGet(\"ref+vault://secret/app/p#/k\")\n"
	reqs3 := []*request{goReq(old3, "\"Dd4\\x41-escaped\"", "Dd4A-escaped", "k")}
	if _, why := goEdits([]byte(old3), []byte(neu3), reqs3, []int{0}, nil); !strings.Contains(why, "escapes") {
		t.Errorf("escaped literal: got %q, want a refusal", why)
	}
}

// TestGoKey checks the store keys of Go findings: package and Go name in
// snake case.
func TestGoKey(t *testing.T) {
	for _, tt := range []struct{ file, keyPath, rule, want string }{
		{"internal/db/db.go", "dbPassword", "hardcoded-credential", "db.password"},
		{"billing/billing.go", "apiToken", "stripe-access-token", "billing.api_token"},
		{"billing/client.go", "(*net/http.Request).SetBasicAuth", "credential-sink", "billing.basic_auth"},
		{"api/api.go", "Authorization", "credential-sink", "api.authorization"},
		{"cmd/app/main.go", "APIToken", "hardcoded-credential", "app.api_token"},
		{"main.go", "", "github-pat", "main.github_pat"},
		{"svc/store.go", "cfg.Password", "hardcoded-credential", "svc.password"},
	} {
		f := &finding.Finding{File: tt.file, KeyPath: tt.keyPath, RuleID: tt.rule}
		if got := goKey(f); got != tt.want {
			t.Errorf("goKey(%s, %q) = %q, want %q", tt.file, tt.keyPath, got, tt.want)
		}
	}
}
