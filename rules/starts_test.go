package rules

import (
	"slices"
	"strings"
	"testing"
)

// TestStartSearchMatchesFindAll compares the start-anchored search with
// the regex's own left-to-right search over the whole content, for every
// rule that uses it, on the differential corpus and Kubernetes Secrets
// written both ways round.
func TestStartSearchMatchesFindAll(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	docs := diffCorpus(t, 11, 200)
	docs = append(docs,
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA=\n",
		"data:\n  token: dG9rZW4tdmFsdWUtMTIzNDU2Nzg5MA==\nkind: Secret\n",
		"xkind: Secret\ndata:\n  a: YWJjZGVmZ2hpamtsbW5vcA==\n"+strings.Repeat("kind: Secret data: x\n", 50),
		"curl -u user:Zq8vLm2RtY7 https://x\ncurl https://y \\\n -u 'a:bcdefghij'\n",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n")
	n, matched := 0, 0
	for _, r := range d.rules {
		if err := r.init(); err != nil || r.starts == nil {
			continue
		}
		n++
		for _, doc := range docs {
			got, ok := r.starts.find(doc, regexBudget(len(doc)))
			if !ok {
				continue
			}
			want := r.rule.Regex.FindAllStringSubmatchIndex(doc, -1)
			matched += len(want)
			if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Errorf("%s on %q: start search %v, FindAll %v", r.rule.RuleID, doc[:min(80, len(doc))], got, want)
			}
		}
	}
	if n == 0 || matched < 10 {
		t.Fatalf("%d rules run from their starts, %d matches compared: kubernetes-secret-yaml should, on many", n, matched)
	}
}
