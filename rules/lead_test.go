package rules

import "testing"

// TestLeadFilterSound checks that the byte-level lead filter never turns
// down a place where the template's core matches: at every offset of the
// differential corpus and of texts with non-ASCII case folds.
func TestLeadFilterSound(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	docs := diffCorpus(t, 7, 150)
	docs = append(docs, "\u212aey = \"abcdefghijklmnop\"", "api\u017fecret: x1234567890abc", "token\t:=  'x1234567890abc'",
		"password ?= abc1234567890", "KEY=>1234567890abcdef", "access , 1234567890abcdef",
		// The value stage: shortest values, values after quotes and blanks, values with folds and non-ASCII.
		"key = 'abcdefghij'", "key = 'abcdefghi'", "token:   \"\"\"=abcdefghijkl", "auth => \u017f\u017f\u017f\u017f\u017f\u017f\u017fabcdef",
		"secret: a\u212aBCDEFGHIJKLMN;", "creds:=a+b/c+d/e+f/g+h", "api_key ||x1234567890", "passwd ,,1234567890", "key: é1234567890é")
	n, rejected := 0, 0
	for _, r := range d.rules {
		if err := r.init(); err != nil || r.template == nil || r.template.lead == nil {
			continue
		}
		n++
		for _, doc := range docs {
			for h := range len(doc) {
				if r.template.lead.check(doc[h:]) {
					continue
				}
				rejected++
				if loc := r.template.core.FindStringIndex(doc[h:]); loc != nil {
					t.Errorf("%s: the lead filter turns down %q, where the core matches", r.rule.RuleID, doc[h:min(len(doc), h+60)])
				}
			}
		}
	}
	if n == 0 || rejected == 0 {
		t.Fatalf("%d templates with a lead filter, %d offsets turned down: generic-api-key should have one", n, rejected)
	}
}
