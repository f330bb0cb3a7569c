package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/secretlint-go/secretlint/remediate/refaudit"
	"github.com/secretlint-go/secretlint/rules"
)

func runExplain(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "explain", "RULE")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf(`explain: name one rule, e.g. secretlint explain hardcoded-credential ("secretlint rules" lists them)`)
	}
	id := strings.ToLower(strings.TrimSpace(fs.Arg(0)))
	r, ok := rules.Lookup(id)
	if rr := refaudit.Rule(id); !ok && rr != nil {
		// A rule of `secretlint refs`, which checks references against
		// the store rather than scanning for values.
		fmt.Fprintf(e.stdout, "%s: %s\n\nSeverity: %s. Reported by: secretlint refs.\n\nWhat it finds: %s\n\n%s\n\nLeave it out with secretlint refs --disable %s.\n",
			rr.ID, rr.Title, rr.Severity, oneLine(rr.Description), strings.TrimSpace(rr.Help), rr.ID)
		return nil
	}
	if !ok {
		msg := fmt.Sprintf("explain: no rule %q", fs.Arg(0))
		if near := similarRules(id); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		} else {
			msg += `; "secretlint rules" lists them`
		}
		return usageErrorf("%s", msg)
	}
	state := "on by default"
	if r.NonDefault {
		state = "off by default (enable it under rules.enable in .secretlint.yaml)"
	}
	fmt.Fprintf(e.stdout, "%s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(e.stdout, "Severity: %s. Source: %s. Applies to: %s. %s.\n\n", r.Severity, r.Source, r.Scope, capitalize(state))
	desc := oneLine(r.Description)
	fmt.Fprintf(e.stdout, "What it finds: %s\n\n", desc)
	h := strings.TrimSpace(r.Help)
	if strings.HasPrefix(oneLine(h), desc) {
		// gitleaks rules' help repeats the description first.
		h = strings.TrimSpace(h[min(len(h), strings.Index(h, "\n\n")+1):])
		if !strings.Contains(r.Help, "\n\n") {
			h = ""
		}
	}
	if h != "" {
		fmt.Fprintln(e.stdout, h)
	}
	fmt.Fprintf(e.stdout, `
Accept every current finding of a legacy tree instead: secretlint baseline > .secretlint-baseline.json,
then scan with --baseline .secretlint-baseline.json. Disable the rule with rules.disable: [%s] in .secretlint.yaml.
`, r.ID)
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// similarRules suggests up to three rule IDs that contain id or share
// most of its words.
func similarRules(id string) []string {
	if id == "" {
		return nil
	}
	words := strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	type scored struct {
		id    string
		score int
	}
	var cands []scored
	for _, r := range rules.All() {
		s := 0
		if strings.Contains(r.ID, id) {
			s += 10
		}
		for _, w := range words {
			if len(w) > 2 && strings.Contains(r.ID, w) {
				s++
			}
		}
		if s > 0 {
			cands = append(cands, scored{r.ID, s})
		}
	}
	// Best score first, then the shortest (closest) ID.
	slices.SortStableFunc(cands, func(a, b scored) int { return cmp.Or(b.score-a.score, len(a.id)-len(b.id)) })
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].id)
	}
	return out
}
