package rules

import (
	"regexp"
	"strings"
)

// Go templates (Helm charts' templates/*.yaml, helmfile, consul-template)
// write literals inside actions: {{ .Values.password | default "…" }},
// {{ default "…" .Values.token }}, {{ coalesce .Values.a "…" }} and
// {{ "…" | b64enc }}. The literal is what the rendered file holds whenever
// the value is not set, so it is judged like a variable's default.

var (
	// reTmplAction is one whole action: {{ … }}, {{- … -}}.
	reTmplAction = regexp.MustCompile(`^\{\{-?\s*((?:[^{}]|\{[^{}]*\})*?)\s*-?\}\}$`)
	// reTmplLiteral is a string literal where it becomes the value: the
	// head of a pipeline or of a parenthesised command, or an argument of
	// a function that passes it through (default, coalesce, an encoder, a
	// quoting or trimming function). required's, fail's and printf's
	// strings are messages and formats, include's and template's names.
	reTmplLiteral = regexp.MustCompile(`(?:^|\|\s*|\(\s*)"((?:[^"\\]|\\.)*)"\s*(?:\||\)|$)` +
		`|\b(?:default|coalesce|b64enc|b32enc|quote|squote|toString|trim|trimAll|toYaml|toJson|htpasswd\s+\S+)\s+(?:[.$][\w.$]*\s+)*"((?:[^"\\]|\\.)*)"`)
	// reTmplRef is the value the action reads (.Values.db.password, $pw).
	reTmplRef = regexp.MustCompile(`(?:^|[\s(|])(\.[A-Za-z_][\w.]*|\$[A-Za-z_][\w.]*)`)
)

// templateDefault classifies a value that is one Go template action
// holding a literal. The Class is a KindReferenceDefault whose Default is
// the literal (and its span in v), and whose Variable is the value the
// action reads, when it reads one.
func templateDefault(v string) (Class, bool) {
	lead := len(v) - len(strings.TrimLeft(v, " \t"))
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "{{") || !strings.Contains(t, `"`) {
		return Class{}, false
	}
	m := reTmplAction.FindStringSubmatchIndex(t)
	if m == nil {
		return Class{}, false
	}
	body := t[m[2]:m[3]]
	base := lead + m[2]
	variable := ""
	if r := reTmplRef.FindStringSubmatch(body); r != nil {
		variable = r[1]
	}
	for _, lm := range reTmplLiteral.FindAllStringSubmatchIndex(body, -1) {
		for g := 1; g <= 2; g++ {
			s, e := lm[2*g], lm[2*g+1]
			if s < 0 {
				continue
			}
			c := refDefault(v, base+s, base+e, "template default")
			if c.Kind == KindReferenceDefault {
				c.Variable = variable
				return c, true
			}
		}
	}
	return Class{Kind: KindReference, Reason: "template expression", Variable: variable}, true
}
