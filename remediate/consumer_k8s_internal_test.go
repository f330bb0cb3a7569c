package remediate

import (
	"encoding/base64"
	"strings"
	"testing"
)

// k8sReq is the request for the value written at the first occurrence
// of spelled in content.
func k8sReq(t *testing.T, content, spelled, value string) *editRequest {
	t.Helper()
	i := strings.Index(content, spelled)
	if i < 0 {
		t.Fatalf("%q is not in the fixture", spelled)
	}
	return &editRequest{offset: i, end: i + len(spelled), value: value, kind: EditK8sExternalSecret,
		dest: binding{secret: "secretlint/s", key: "k-" + value[:3], ref: "ref+awssecrets://secretlint/s#/k"}}
}

// TestK8sSecretAllOrNothing: a Secret whose other entry holds a secret
// that is not being moved is not converted at all (its value would
// otherwise be copied into the plan and the ExternalSecret).
func TestK8sSecretAllOrNothing(t *testing.T) {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	content := "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: " + enc("Pq7vLm2kZx9wR4tN") +
		"\n  api-token: " + enc("Zt8kQ2vLm91x-Rk2v") + "\n"
	r := k8sReq(t, content, enc("Pq7vLm2kZx9wR4tN"), "Pq7vLm2kZx9wR4tN")
	edits, rejected, after := k8sConsumer{}.analyse([]byte(content), []*editRequest{r})
	if len(edits) != 0 || !strings.Contains(rejected[r], "not moved with the others") || string(after) != content {
		t.Errorf("converted with a secret left behind: %d edits, %q", len(edits), rejected[r])
	}
	// Both moved: converted, and the plan's spellings hold no value.
	r2 := k8sReq(t, content, enc("Zt8kQ2vLm91x-Rk2v"), "Zt8kQ2vLm91x-Rk2v")
	edits, rejected, after = k8sConsumer{}.analyse([]byte(content), []*editRequest{r, r2})
	if len(rejected) != 0 || len(edits) != 3 {
		t.Fatalf("not converted: %v", rejected)
	}
	for _, e := range edits {
		if strings.Contains(e.Spelling.Prefix, enc("Pq7vLm2kZx9wR4tN")) || strings.Contains(e.Spelling.Prefix, enc("Zt8kQ2vLm91x-Rk2v")) {
			t.Errorf("a spelling holds a value: %q", e.Spelling.Prefix)
		}
	}
	if strings.Contains(string(after), "kind: Secret\n") || !strings.Contains(string(after), "kind: ExternalSecret") {
		t.Errorf("after:\n%s", after)
	}
}

// TestSpellingBase64 reads back a base64 value and refuses a spelling
// that the encoding would not reproduce byte for byte.
func TestSpellingBase64(t *testing.T) {
	sp := Spelling{Prefix: "  password: ", Quote: `"`, Encoding: "base64"}
	span := sp.Spell("s3cr3t-value")
	if span != `  password: "czNjcjN0LXZhbHVl"` {
		t.Fatalf("spell: %q", span)
	}
	if v, ok := sp.Unspell(span); !ok || v != "s3cr3t-value" {
		t.Errorf("unspell: %q %v", v, ok)
	}
	for _, bad := range []string{`  password: "czNjcjN0LXZhbHVl"x`, `  password: "czNjcjN0LXZhbHVl=="`, `  password: "!!"`} {
		if _, ok := sp.Unspell(bad); ok {
			t.Errorf("unspell accepted %q", bad)
		}
	}
}

// TestK8sRejections: values the consumer cannot carry are left with a
// reason, and the file is left as it was.
func TestK8sRejections(t *testing.T) {
	for name, tc := range map[string]struct{ content, spelled, value, want string }{
		"configmap": {"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  password: Pq7vLm2kZx9wR4tN\n",
			"Pq7vLm2kZx9wR4tN", "Pq7vLm2kZx9wR4tN", "not in a workload"},
		"secret with ownerReferences": {"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  ownerReferences: []\nstringData:\n  password: Pq7vLm2kZx9wR4tN\n",
			"Pq7vLm2kZx9wR4tN", "Pq7vLm2kZx9wR4tN", "ownerReferences"},
		"flow env list": {"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    env: [{name: DB_URL, value: \"postgres://u:Pq7vLm2kZx9wR4tN@db/x\"}]\n",
			"Pq7vLm2kZx9wR4tN", "Pq7vLm2kZx9wR4tN", "not a block list"},
	} {
		t.Run(name, func(t *testing.T) {
			r := k8sReq(t, tc.content, tc.spelled, tc.value)
			edits, rejected, after := k8sConsumer{}.analyse([]byte(tc.content), []*editRequest{r})
			if len(edits) != 0 || !strings.Contains(rejected[r], tc.want) || string(after) != tc.content {
				t.Errorf("%d edits, reason %q, want %q", len(edits), rejected[r], tc.want)
			}
		})
	}
}

// TestKustomizeShapes: where the ExternalSecret goes in resources:, and
// which generators stay.
func TestKustomizeShapes(t *testing.T) {
	const pw = "Xk9vLq2mZr7wP4tN"
	for name, tc := range map[string]struct{ content, want, reject string }{
		"no resources": {content: "secretGenerator:\n- name: app\n  literals:\n  - DB_PASSWORD=" + pw + "\n",
			want: "resources:\n- app.externalsecret.yaml\n"},
		"one of two generators": {content: "resources:\n  - a.yaml\nsecretGenerator:\n  - name: app\n    literals:\n      - DB_PASSWORD=" + pw +
			"\n  - name: tls\n    files:\n      - tls.key\n",
			want: "resources:\n  - a.yaml\n  - app.externalsecret.yaml\nsecretGenerator:\n  - name: tls\n    files:\n      - tls.key\n"},
		"files":    {content: "secretGenerator:\n- name: app\n  files: [a.key]\n  literals:\n  - DB_PASSWORD=" + pw + "\n", reject: `"files"`},
		"behavior": {content: "secretGenerator:\n- name: app\n  behavior: merge\n  literals:\n  - DB_PASSWORD=" + pw + "\n", reject: `"behavior"`},
		"flow resources": {content: "resources: [a.yaml]\nsecretGenerator:\n- name: app\n  literals:\n  - DB_PASSWORD=" + pw + "\n",
			reject: "not a block list"},
	} {
		t.Run(name, func(t *testing.T) {
			i := strings.Index(tc.content, pw)
			r := &editRequest{offset: i, end: i + len(pw), value: pw, kind: EditKustomizeLiteral,
				dest: binding{secret: "secretlint/k", key: "secretGenerator.0.literals.0"}}
			p := planKustomize([]byte(tc.content), []*editRequest{r})
			if tc.reject != "" {
				if len(p.edits) != 0 || !strings.Contains(p.rejected[r], tc.reject) || string(p.after) != tc.content {
					t.Errorf("reason %q, want %q", p.rejected[r], tc.reject)
				}
				return
			}
			if len(p.rejected) != 0 || string(p.after) != tc.want {
				t.Errorf("rejected %v; after:\n%s\nwant:\n%s", p.rejected, p.after, tc.want)
			}
			for _, e := range p.edits {
				if strings.Contains(e.Spelling.Prefix, pw) || e.needsFile != "app.externalsecret.yaml" {
					t.Errorf("edit %+v", e)
				}
			}
		})
	}
}
